"""claimcheck: find where news articles contradict each other.

The data flow, and where each stage lives (``pipeline`` drives it; README "Layout"):

    text/ (articles → claims) → encoders (vectors) → index/ (stored, searched)
    → cluster, xlang (related pairs) → nli/ (pair probabilities)
    → decision, findings, timeline (judgements, named differences) → report, html_report
"""

__version__ = "0.1.0"
