"""The main job as one library call (``pipeline.report``), and the costs each command
pays once: one encoder built, one index opened, each NLI pair scored once."""

import json

import pytest
from typer.testing import CliRunner

from claimcheck import pipeline
from claimcheck.cli import app
from claimcheck.index import ClaimIndex

runner = CliRunner()

MEETING = "التقى وزير الخارجية الجزائري المشير خليفة حفتر في مدينة بنغازي يوم الأربعاء لبحث الأزمة"


def run(*args):
    res = runner.invoke(app, [str(a) for a in args])
    assert res.exit_code == 0, res.output
    return res


@pytest.fixture
def counting_encoder(register_backend):
    """"counting-enc.v1": the hashing encoder under another name, counting how often
    the registry builds it (registered for this test only)."""
    from claimcheck.encoders import HashEncoder

    built = []

    def factory(name):
        built.append(name)
        enc = HashEncoder()
        enc.name = name
        return enc

    register_backend("encoder", "counting-enc.v1", factory)
    return built


@pytest.fixture
def counting_nli(register_backend):
    """"counting-nli.v1": the scripted NLI backend; ``loads`` counts how often it is
    built, ``backend.calls`` the pairs it scored."""
    from conftest import ScriptedNLI

    backend = ScriptedNLI()
    backend.name = "counting-nli.v1"
    loads = []

    def factory(name):
        loads.append(name)
        return backend

    register_backend("nli", "counting-nli.v1", factory)
    return backend, loads


@pytest.mark.parametrize("command", [
    ("report", "{corpus}", "--out", "{tmp}/r.md", "--json", "{tmp}/r.json"),  # index, then analyse
    ("report", "--out", "{tmp}/r.md"),  # the index as it is
    ("index", "{corpus}"),
    ("search", "Oil prices rose on Monday"),
    ("check", MEETING),
])
def test_each_command_builds_the_encoder_once(command, corpus, tmp_path, counting_encoder, counting_nli):
    ix = tmp_path / "ix"
    run("-q", "index", corpus, "--index", ix, "--encoder", "counting-enc.v1")
    (corpus / "d.txt").write_text("سقطت أمطار غزيرة على مدينة الإسكندرية طوال ثلاثة أيام هذا الأسبوع.\n", "utf-8")
    counting_encoder.clear()
    args = [a.format(corpus=corpus, tmp=tmp_path) for a in command]
    run("-q", *args, "--index", ix, *(["--nli", "counting-nli.v1"] if args[0] in ("report", "check") else []))
    assert counting_encoder == ["counting-enc.v1"]


def test_report_analyses_the_index_it_opened_for_indexing(corpus, tmp_path, scripted_nli, monkeypatch):
    ix = tmp_path / "ix"
    pipeline.index_paths([corpus / "a.txt"], ix, encoder="hash.v1")
    loads = []
    load = ClaimIndex._load.__func__

    def counted(cls, *a, **kw):
        loads.append(a[1])
        return load(cls, *a, **kw)

    monkeypatch.setattr(ClaimIndex, "_load", classmethod(counted))
    res = pipeline.report([corpus], ix, nli="scripted.v1")
    assert len(loads) == 1  # read and verified once, by the writer; no reopening for the analysis
    assert res.indexed.stats.articles_added == 3
    assert res.report["summary"]["articles"] == 4 and len(res.index.claims) == len(res.indexed.index.claims)
    assert any("CONTRA-A" in c["text"] for f in res.report["findings"] for c in f["claims"])


def test_report_without_paths_is_the_same_report(corpus, tmp_path, scripted_nli):
    ix = tmp_path / "ix"
    first = pipeline.report([corpus], ix, nli="scripted.v1")
    again = pipeline.report([], ix, nli="scripted.v1")
    assert again.indexed is None and again.warnings == []
    strip = lambda rep: {k: v for k, v in rep.items() if k not in ("generated", "index")}  # noqa: E731
    assert strip(again.report) == strip(first.report)


def test_check_scores_through_the_index_cache(corpus, tmp_path, counting_nli):
    backend, loads = counting_nli
    ix = tmp_path / "ix"
    run("-q", "index", corpus, "--index", ix, "--encoder", "hash.v1")
    args = ("check", MEETING, "--index", ix, "--nli", "counting-nli.v1", "--json")
    first = json.loads(run(*args).stdout)
    texts = [e["text"] for e in first["evidence"]]
    # the meeting sentence is in two articles: one text, two evidence claims, scored once
    assert len(set(texts)) < len(texts)
    assert backend.calls == 2 * len(set(texts))
    assert (ix / "nli-cache" / "counting-nli.v1.jsonl").is_file()
    backend.calls = 0
    second = json.loads(run(*args).stdout)
    assert backend.calls == 0 and loads == ["counting-nli.v1"]  # all cached: not even loaded again
    assert second == first


def test_check_reads_the_scores_report_cached(corpus, tmp_path, counting_nli):
    backend, _ = counting_nli
    ix = tmp_path / "ix"
    run("-q", "report", corpus, "--index", ix, "--encoder", "hash.v1", "--nli", "counting-nli.v1",
        "--out", tmp_path / "r.md")
    idx = ClaimIndex.open(ix)
    claim = next(c.text for c in idx.claims if "CONTRA-B" in c.text)
    backend.calls = 0
    out = json.loads(run("check", claim, "--index", ix, "--nli", "counting-nli.v1", "--json").stdout)
    refuting = [e for e in out["evidence"] if e["label"] == "refutes"]
    assert refuting and "CONTRA-A" in refuting[0]["text"]
    # the report scored the CONTRA pair both ways already; check only scores what it had not
    assert backend.calls < 2 * len({e["text"] for e in out["evidence"]})


def _template_corpus(path, sources):
    box = "اشترك في نشرتنا البريدية اليومية لتصلك آخر الأخبار العاجلة"
    stories = ["قتل 12 شخصا في غارة على مدينة درنة الليبية مساء الأحد",
               "افتتح وزير النقل الطريق الساحلي الجديد بين المدينتين أمس",
               "ارتفعت أسعار القمح في الأسواق المحلية للأسبوع الثالث على التوالي"]
    with open(path, "w", encoding="utf-8") as fh:
        for i, (story, src) in enumerate(zip(stories, sources)):
            fh.write(json.dumps({"text": f"{story}.\n\n{box}.\n", "source": src, "url": f"https://{src}/{i}"},
                                ensure_ascii=False) + "\n")
    return box


@pytest.mark.parametrize("sources, template", [
    (("site.example",) * 3, True),  # one outlet prints the box on every page: its template
    (("a.example", "b.example", "c.example"), False),  # three outlets print one line: corroboration
])
def test_a_sources_page_template_is_neither_paired_nor_clustered(tmp_path, scripted_nli, sources, template):
    box = _template_corpus(tmp_path / "arts.jsonl", sources)
    rep = pipeline.report([tmp_path / "arts.jsonl"], tmp_path / "ix", nli="scripted.v1", encoder="hash.v1").report
    assert rep["settings"]["template_claims"] == (3 if template else 0)
    clustered = [c for cl in rep["clusters"] for c in cl["claims"] if box in c["text"]]
    assert bool(clustered) is not template


@pytest.mark.parametrize("with_paths", [True, False])
def test_report_drops_the_encoder_it_built_before_the_nli_stage(with_paths, corpus, tmp_path, register_backend):
    """The analysis embeds nothing: the encoder ``report`` built is gone (and its memory
    handed back) before NLI scores a pair, so the two models never share the NLI
    stage's peak. An encoder the caller passed in is the caller's to keep."""
    import weakref

    from conftest import ScriptedNLI
    from claimcheck.encoders import HashEncoder

    built, alive_when_scoring = [], []

    def factory(name):
        enc = HashEncoder()
        enc.name = name
        built.append(weakref.ref(enc))
        return enc

    class Watching(ScriptedNLI):
        name = "watching.v1"

        def predict(self, pairs):
            alive_when_scoring.append(sum(r() is not None for r in built))
            return super().predict(pairs)

    register_backend("encoder", "hash.v1", factory)  # the hashing encoder, watched
    ix = tmp_path / "ix"
    if not with_paths:
        pipeline.index_paths([corpus], ix, encoder="hash.v1")
        built.clear()
    res = pipeline.report([corpus] if with_paths else [], ix, nli=Watching(), encoder="hash.v1")
    assert built and alive_when_scoring and set(alive_when_scoring) == {0}
    assert res.report["findings"]  # and the report is made as before
    kept = HashEncoder()
    pipeline.report([corpus], tmp_path / "ix2", nli=Watching(), encoder=kept)
    pipeline.report([], tmp_path / "ix2", nli=Watching(), encoder=kept)
    assert kept.encode(["still here"]).shape == (1, kept.dim)


@pytest.mark.parametrize("preload_max, preloaded", [(10_000, True), (2, False)])
def test_a_large_job_loads_the_nli_model_after_embedding(preload_max, preloaded, corpus, tmp_path, monkeypatch):
    """A few claims: the NLI model loads while they are embedded (the load hidden
    behind the embedding). Many: it loads when the first pair is scored, after the
    encoder is gone, so the two models never share the job's memory peak."""
    from conftest import ScriptedNLI
    from claimcheck import config

    monkeypatch.setattr(config, "PRELOAD_NLI_MAX_CLAIMS", preload_max)
    events = []

    class Loader(ScriptedNLI):  # a lazy backend: start() begins loading, predict() needs it
        name = "loader.v1"

        def start(self):
            events.append("start")

        def predict(self, pairs):
            events.append("predict")
            return super().predict(pairs)

    res = pipeline.report([corpus], tmp_path / "ix", nli=Loader(), encoder="hash.v1")
    assert res.indexed.stats.articles_added == 4 and res.report["findings"]
    assert ("start" in events) is preloaded
    assert events[-1] == "predict"
