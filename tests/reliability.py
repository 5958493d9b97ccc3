"""The reliability table: what the fuzz and fault tests tried and what survived.

Tests record into ``TABLE``; ``conftest.pytest_terminal_summary`` prints it at
the end of any run that recorded something, e.g.
``pytest -q tests/test_fuzz_text.py tests/test_faults.py``.
"""

from __future__ import annotations

from collections import Counter

TABLE: Counter = Counter()

ROWS = (
    ("inputs tried (fuzzed texts, bytes, files, JSONL lines)", "inputs", None),
    ("crashes (an exception outside claimcheck's error family)", "crashes", None),
    ("good articles lost (read or indexed)", "articles_lost", "articles_checked"),
    ("kills survived / tried: between every two file operations of a commit", "step_kills_survived", "step_kills"),
    ("kills survived / tried: at random moments of a write", "random_kills_survived", "random_kills"),
    ("concurrent-writer runs (two writers each) / commits lost", "concurrent_runs", "commits_lost"),
    ("corruptions detected / tried", "corruptions_detected", "corruptions"),
)


def render() -> str:
    lines = ["| reliability | value |", "|---|---|"]
    for label, key, other in ROWS:
        if key not in TABLE and (other is None or other not in TABLE):
            continue
        if key == "articles_lost":
            value = f"{TABLE[key]} of {TABLE[other]}"
        elif key == "concurrent_runs":
            value = f"{TABLE[key]} / {TABLE[other]} lost ({TABLE['concurrent_refused']} refused with a message)"
        elif other is not None:
            value = f"{TABLE[key]} / {TABLE[other]}"
        else:
            value = str(TABLE[key])
        lines.append(f"| {label} | {value} |")
    return "\n".join(lines)
