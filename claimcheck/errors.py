"""One exception family. The CLI maps these to messages and exit codes; the
library never prints or exits."""


class ClaimcheckError(Exception):
    """Base class of every error claimcheck raises on purpose."""

    exit_code = 1


class InputError(ClaimcheckError, ValueError):
    """Unreadable or malformed input (a file, a JSONL line, a CLI argument)."""

    exit_code = 2


class InputFileNotFound(InputError, FileNotFoundError):
    exit_code = 2


class IndexError_(ClaimcheckError):
    """A persisted index is missing, corrupt, or of another format version."""

    exit_code = 3


class IndexNotFound(IndexError_, FileNotFoundError):
    exit_code = 3


class IndexBusy(IndexError_):
    """Another writer held the index longer than the lock timeout."""

    exit_code = 3


class IndexConflict(IndexError_):
    """The index changed on disk after this writer read it; saving would lose that change."""

    exit_code = 3


class EncoderMismatch(IndexError_):
    """The index was built with another encoder than the one asked for."""

    exit_code = 3


class BackendError(ClaimcheckError):
    """An encoder or NLI backend cannot be found, loaded or run."""

    exit_code = 4


class MissingDependency(BackendError, ImportError):
    """An optional dependency is not installed; the message carries the pip line."""

    exit_code = 4
