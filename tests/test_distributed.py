"""Embedding and NLI as Ray Data jobs against a LOCAL Ray instance: the same index
and the same findings as the local run."""

import sys

import numpy as np
import pytest

from claimcheck import pipeline
from claimcheck.errors import MissingDependency

ray = pytest.importorskip("ray", reason="the 'ray' extra is part of the test extra; CI installs it")


@pytest.fixture(scope="module")
def local_ray():
    from claimcheck import distributed

    distributed.connect(distributed.LOCAL, num_cpus=2)
    yield
    ray.shutdown()


def _findings(analysis):
    return [(f.kind, f.a, f.b, f.confidence, tuple(f.detectors)) for f in analysis.findings]


def test_ray_run_matches_the_local_run(local_ray, corpus, tmp_path):
    from claimcheck.distributed import RayEncoder, RayNLI

    local = pipeline.index_paths([corpus], tmp_path / "local", encoder="hash.v1")
    enc = RayEncoder("hash.v1", actors=2, batch_size=3)  # several batches over two actors
    assert (enc.name, enc.dim) == ("hash.v1", 256)
    remote = pipeline.index_paths([corpus], tmp_path / "ray", encoder=enc)
    assert [c.text for c in remote.index.claims] == [c.text for c in local.index.claims]
    assert len(remote.index.claims) >= 6
    np.testing.assert_allclose(np.asarray(remote.index.vectors, np.float32),
                               np.asarray(local.index.vectors, np.float32), atol=1e-6)
    assert remote.index.encoder == local.index.encoder  # same name, dim and fingerprint

    a_local = pipeline.analyse(local.index, nli="interim-cues.v1")
    nli = RayNLI("interim-cues.v1", actors=2, batch_size=4)
    a_ray = pipeline.analyse(remote.index, nli=nli)
    assert a_ray.nli_name == a_local.nli_name == "interim-cues.v1"
    assert a_ray.pairs_scored == a_local.pairs_scored > 0
    assert _findings(a_ray) == _findings(a_local) and a_local.findings
    assert [c.members for c in a_ray.clusters] == [c.members for c in a_local.clusters]


def test_ray_nli_keeps_pair_order(local_ray):
    from claimcheck.distributed import RayNLI
    from claimcheck.nli.backends import InterimCueNLI

    pairs = [(f"قتل {n} أشخاص في الهجوم", f"قتل {n + k} أشخاص في الهجوم") for n in range(7) for k in (0, 3)]
    got = RayNLI("interim-cues.v1", actors=2, batch_size=2).predict(pairs)
    np.testing.assert_allclose(got, InterimCueNLI().predict(pairs), atol=1e-7)
    assert RayNLI("interim-cues.v1", actors=1).predict([]).shape == (0, 3)


def test_cli_report_with_ray_writes_the_same_report(local_ray, corpus, tmp_path):
    import json

    from typer.testing import CliRunner

    from claimcheck.cli import app

    runner = CliRunner()
    outs = {}
    for mode, extra in (("local", []), ("ray", ["--ray"])):
        res = runner.invoke(app, ["--quiet", "report", str(corpus), "--index", str(tmp_path / mode),
                                  "--encoder", "hash.v1", "--nli", "interim-cues.v1",
                                  "--out", str(tmp_path / f"{mode}.md"), "--json", str(tmp_path / f"{mode}.json"),
                                  *extra])
        assert res.exit_code == 0, res.output
        rep = json.loads((tmp_path / f"{mode}.json").read_text("utf-8"))
        outs[mode] = (rep["summary"], [(f["kind"], f["confidence"], [c["text"] for c in f["claims"]])
                                       for f in rep["findings"]])
    assert outs["ray"] == outs["local"]


@pytest.mark.parametrize("setting, gpus, flags, want", [
    ("auto", 0, {"avx512_bf16"}, "bf16"),
    ("auto", 0, set(), "fp32"),
    ("fp32", 0, {"amx_bf16"}, "fp32"),  # an explicit setting wins
    ("auto", 1, set(), "auto"),  # a GPU actor resolves auto on its GPU
])
def test_the_driver_resolves_the_actors_precision(monkeypatch, setting, gpus, flags, want):
    from claimcheck.nli import bert
    from claimcheck import distributed

    monkeypatch.setattr(bert, "cpu_bf16_flags", lambda: frozenset(flags))
    assert distributed._actor_precision(setting, gpus) == want


def test_an_actor_builds_its_model_with_the_precision_it_is_given(monkeypatch):
    """The driver's resolved precision reaches the backend an actor builds, whatever
    the actor's own environment says."""
    import os

    from claimcheck import distributed, registry

    seen = {}

    class Fake:
        name = "fake-nli"

        def __init__(self, name):
            seen["nli"] = os.environ.get("CLAIMCHECK_NLI_PRECISION")

    class FakeEnc:
        name, dim = "fake-enc", 4

        def __init__(self, name):
            seen["enc"] = os.environ.get("CLAIMCHECK_ENCODER_PRECISION")

    monkeypatch.setenv("CLAIMCHECK_NLI_PRECISION", "auto")
    monkeypatch.setenv("CLAIMCHECK_ENCODER_PRECISION", "auto")
    with registry.registered("nli", "fake-nli", Fake), registry.registered("encoder", "fake-enc", FakeEnc):
        distributed._NLIActor("fake-nli", precision="fp32")
        distributed._EncodeActor("fake-enc", "query", precision="bf16")
    assert seen == {"nli": "fp32", "enc": "bf16"}


def test_missing_extra_names_the_install_line(monkeypatch):
    from claimcheck import distributed

    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(MissingDependency, match=r"pip install 'ray\[data\]==2.60.0'"):
        distributed.connect("local")


@pytest.mark.slow
def test_ray_with_the_real_models_matches_local(local_ray):
    """The default encoder and NLI inside Ray actors give the local vectors and scores."""
    from claimcheck.distributed import RayEncoder, RayNLI
    from claimcheck.registry import get_encoder, get_nli

    texts = ["فاجأت الغارات الجوية المصرية في ليبيا الجزائر وتونس",
             "أبلغت مصر الجزائر وتونس بقرارها قبل عشر ساعات من الضربة",
             "التقى وزير الخارجية الجزائري المشير خليفة حفتر في بنغازي"]
    enc = RayEncoder("e5-small-torch.v1", actors=1)
    local = get_encoder("e5-small-torch.v1")
    assert enc.precision == local.precision  # the actors run what the driver resolved
    # an actor runs its own thread count, so sums add up in another order: with fp32
    # products the vectors agree to 1e-5; with bf16 products (AVX512-BF16 / AMX CPUs)
    # each partial sum is rounded to 8 bits of mantissa, and they agree to 2e-3
    # (cosine >= 0.9999; measured 5e-4 on an AMX Xeon)
    bf16 = "bf16" in str(local.precision)
    got_v, want_v = enc.encode(texts), local.encode(texts)
    np.testing.assert_allclose(got_v, want_v, atol=2e-3 if bf16 else 1e-5)
    assert (np.sum(got_v * want_v, axis=1) >= 0.9999).all()
    pairs = [(a, b) for a in texts for b in texts if a != b]
    nli, local_nli = RayNLI("builtin", actors=1), get_nli("builtin")
    assert nli.precision == local_nli.precision
    got = nli.predict(pairs)
    want = local_nli.predict(pairs)
    # an actor runs its own thread count, so float sums (bf16 products where the CPU has
    # them) add up in another order: probabilities agree to float tolerance, labels exactly
    np.testing.assert_allclose(got, want, atol=5e-3 if "bf16" in str(nli.precision) else 1e-4)
    assert (np.argmax(got, axis=1) == np.argmax(want, axis=1)).all()
