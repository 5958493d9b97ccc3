"""claimcheck: find where news articles contradict each other."""

__version__ = "0.1.0"
