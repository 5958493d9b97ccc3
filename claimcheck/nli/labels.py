"""The three NLI labels in claimcheck's order, and reading a model's own order.

Every NLI backend returns probabilities in ``LABELS`` order. Models have their
own; a backend reads it from the model's config (``id2label``) through
``label_permutation`` and never assumes it (SummaC's lesson). This module is a
leaf: the registry, the backends and the pipeline all import it, and it imports
nothing of theirs.
"""

from __future__ import annotations

from ..errors import BackendError

LABELS = ("entailment", "neutral", "contradiction")

_LABEL_ALIASES = {
    "entailment": "entailment", "entail": "entailment", "e": "entailment", "agree": "entailment",
    "neutral": "neutral", "n": "neutral", "other": "neutral", "unrelated": "neutral",
    "contradiction": "contradiction", "contradict": "contradiction", "c": "contradiction",
    "disagree": "contradiction",
}


def canonical_label(name: str) -> str | None:
    key = str(name).strip().lower().replace("-", "_")
    if key in _LABEL_ALIASES:
        return _LABEL_ALIASES[key]
    for stem, lab in (("entail", "entailment"), ("neutral", "neutral"), ("contradict", "contradiction")):
        if key.startswith(stem):
            return lab
    return None


def label_permutation(id2label: dict) -> list[int]:
    """Model column for each canonical label: probs[:, perm] is in LABELS order.

    >>> label_permutation({0: "contradiction", 1: "entailment", 2: "neutral"})
    [1, 2, 0]
    """
    cols: dict[str, int] = {}
    for i, name in id2label.items():
        lab = canonical_label(name)
        if lab is None or lab in cols:
            raise BackendError(
                f"cannot read NLI label order from config id2label={dict(id2label)}: "
                f"label {name!r} is not entailment/neutral/contradiction"
            )
        cols[lab] = int(i)
    missing = [lab for lab in LABELS if lab not in cols]
    if missing:
        raise BackendError(f"NLI model config lacks labels {missing} (id2label={dict(id2label)})")
    return [cols[lab] for lab in LABELS]
