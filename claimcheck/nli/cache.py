"""The NLI score cache: one append-only JSONL file per backend, in the index.

Each line is ``{"k": pair key, "p": [entailment, neutral, contradiction]}``
(``backends.pair_key`` of premise and hypothesis; probabilities rounded to five
decimals). The file lives at ``ClaimIndex.nli_cache_path(backend name)``
(``nli-cache/<model>.jsonl`` inside the index folder); ``backends.predict_cached``
skips the pairs found in it, and ``claimcheck.pipeline`` reads it once per
analysis and appends the new scores.
"""

from __future__ import annotations

import json
import os
from pathlib import Path


def read_score_cache(path: Path) -> dict[str, list[float]]:
    """Append-only cache; a torn last line (killed write) is skipped."""
    out: dict[str, list[float]] = {}
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                try:
                    r = json.loads(line)
                    out[r["k"]] = r["p"]
                except (ValueError, KeyError):
                    continue
    except OSError:
        pass
    return out


def append_score_cache(path: Path, items: dict[str, list[float]]) -> None:
    if not items:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as f:
        for k, p in items.items():
            f.write(json.dumps({"k": k, "p": [round(float(x), 5) for x in p]}) + "\n")
        f.flush()
        os.fsync(f.fileno())
