"""NLI backends: (premise, hypothesis) pairs -> probabilities over LABELS.

``LABELS`` is claimcheck's canonical order. Models have their own; every backend
maps from the model's config (id2label) to this order and never assumes it.
"""

from __future__ import annotations

import hashlib
import re
from typing import Callable, Sequence

import numpy as np

from ..errors import BackendError, MissingDependency
# the label order lives in its own leaf module; re-exported here for existing callers
from .labels import LABELS, canonical_label, label_permutation  # noqa: F401

# new scores reach the cache file about this often (pairs): a few minutes of CPU NLI
SAVE_EVERY = 2048


def classification_metrics(y_true, y_pred, labels: Sequence[str] = LABELS) -> dict:
    """Accuracy, macro-F1 and per-label precision/recall/F1; labels are class indices."""
    y_true = np.asarray(y_true)
    y_pred = np.asarray(y_pred)
    out = {"n": int(len(y_true)), "accuracy": float((y_true == y_pred).mean()) if len(y_true) else 0.0}
    f1s = []
    for k, name in enumerate(labels):
        tp = int(((y_pred == k) & (y_true == k)).sum())
        fp = int(((y_pred == k) & (y_true != k)).sum())
        fn = int(((y_pred != k) & (y_true == k)).sum())
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out[name] = {"precision": p, "recall": r, "f1": f, "support": int((y_true == k).sum())}
        f1s.append(f)
    out["macro_f1"] = float(np.mean(f1s))
    return out


def pair_key(premise: str, hypothesis: str) -> str:
    return hashlib.sha1(f"{premise}\x00{hypothesis}".encode("utf-8")).hexdigest()[:20]


def predict_cached(
    backend,
    pairs: Sequence[tuple[str, str]],
    cache: dict[str, list[float]] | None = None,
    progress: Callable[[int], None] | None = None,
    batch_size: int = 64,
    save: Callable[[dict[str, list[float]]], None] | None = None,
    save_every: int = SAVE_EVERY,
) -> tuple[np.ndarray, dict[str, list[float]]]:
    """Predict, skipping pairs whose scores are in ``cache`` and scoring a pair given
    twice once; returns (probs, new entries).

    ``save`` receives the new entries as they come, about every ``save_every`` pairs
    and once at the end (each entry once): a report killed in its hours of NLI keeps
    what it scored, and the next run starts from there.

    A backend whose ``predict_batch`` attribute is None (a Ray job) gets every
    uncached pair in one call.
    """
    cache = cache if cache is not None else {}
    out = np.zeros((len(pairs), len(LABELS)), dtype=np.float32)
    todo: dict[str, list[int]] = {}  # uncached key -> the rows that carry it, in first-seen order
    for i, (p, h) in enumerate(pairs):
        k = pair_key(p, h)
        if k in cache:
            out[i] = cache[k]
        else:
            todo.setdefault(k, []).append(i)
    if hasattr(backend, "predict_batch") and backend.predict_batch is None:
        batch_size = max(1, len(todo))
    keys = list(todo)
    new: dict[str, list[float]] = {}
    unsaved: dict[str, list[float]] = {}
    for s in range(0, len(keys), batch_size):
        chunk = keys[s : s + batch_size]
        probs = np.asarray(backend.predict([pairs[todo[k][0]] for k in chunk]), dtype=np.float32)
        for k, p in zip(chunk, probs):
            # kept as the cache keeps it (cache.append_score_cache: 5 decimals), so a
            # report reads the same whether its scores were computed now or cached
            row = [round(float(x), 5) for x in p]
            out[todo[k]] = row
            new[k] = row
            unsaved[k] = row
        if save is not None and len(unsaved) >= save_every:
            save(unsaved)
            unsaved = {}
        if progress:
            progress(sum(len(todo[k]) for k in chunk))
    if save is not None and unsaved:
        save(unsaved)
    if progress and not todo:
        progress(0)
    return out, new


class InterimCueNLI:
    """Interim lexical model, used only until the trained built-in model is installed.

    It scores surface cues: token overlap (relatedness), and among related pairs,
    disagreeing numbers, one-sided negation and opposing predicates (the lexicon in ``claimcheck.text.lang``).
    It knows nothing of meaning; reports name it so readers can weigh its output.
    """

    name = "interim-cues.v1"

    def predict(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        from ..findings import explain

        out = np.zeros((len(pairs), 3), dtype=np.float32)
        for i, (p, h) in enumerate(pairs):
            tp, th = set(_content_tokens(p)), set(_content_tokens(h))
            overlap = len(tp & th) / max(1, min(len(tp), len(th)))
            strength = sum(_cue_weight(d) for d in explain(p, h))
            # a pair needs one strong cue (opposing predicates, two numbers or dates that
            # disagree); weak cues (a number on one side only, negation) only add to it.
            # Pairs reach NLI as embedding neighbours, so related even with few shared words.
            related = min(1.0, 0.4 + overlap * 2.5)
            # (one strong cue alone must be able to win: a number given on one side only
            # is no longer a difference, so "surprised" / "notified 10 hours before" has one)
            contra = (min(0.95, 0.35 + 0.3 * strength) if strength >= 1 else 0.1 * strength) * related
            entail = max(0.0, overlap - 0.3) * (1.0 - contra) if strength == 0 else 0.05
            neutral = max(0.05, 1.0 - contra - entail)
            v = np.array([entail, neutral, contra], dtype=np.float32)
            out[i] = v / v.sum()
        return out


def _cue_weight(d) -> float:
    if d.aspect in ("predicate", "date") or (d.aspect == "number" and d.a and d.b):
        return 1.0
    if d.aspect in ("number", "negation"):
        return 0.4
    return 0.0


_WORD = re.compile(r"\w+", re.UNICODE)


def _content_tokens(text: str) -> list[str]:
    from ..text.lang import CUE_STOP_WORDS
    from ..text.normalize import normalize

    return [t for t in _WORD.findall(normalize(text)) if t not in CUE_STOP_WORDS and len(t) > 1]


class HFNLI:
    """Any transformers sequence-classification NLI model: ``hf:<id or path>``.

    The label order comes from the model's config (id2label).
    """

    def __init__(self, model: str, max_length: int = 256, batch_size: int = 16, threads: int | None = None):
        try:
            import torch
            from transformers import AutoModelForSequenceClassification, AutoTokenizer
        except ImportError as e:
            raise MissingDependency(
                "transformers/torch are missing: pip install torch==2.13.0 transformers"
            ) from e
        self.name = f"hf:{model}"
        try:
            self._tok = AutoTokenizer.from_pretrained(model)
            self._model = AutoModelForSequenceClassification.from_pretrained(model).eval()
        except Exception as e:
            raise BackendError(f"cannot load NLI model {model!r}: {e}") from e
        self._perm = label_permutation(self._model.config.id2label)
        self._torch = torch
        self.max_length = max_length
        self.batch_size = batch_size
        if threads:
            torch.set_num_threads(threads)

    def predict(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        torch = self._torch
        out = np.zeros((len(pairs), 3), dtype=np.float32)
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        with torch.inference_mode():
            for s in range(0, len(order), self.batch_size):
                idx = order[s : s + self.batch_size]
                enc = self._tok(
                    [pairs[i][0] for i in idx], [pairs[i][1] for i in idx],
                    truncation=True, max_length=self.max_length, padding=True, return_tensors="pt",
                )
                logits = self._model(**enc).logits.float()
                probs = torch.softmax(logits, dim=-1).numpy()[:, self._perm]
                out[idx] = probs
        return out
