"""The built-in NLI models (claimcheck-nli-ar.v2, the default, and v1).

Both assets ship inside the package: a missing or broken asset, or a base model
that cannot be converted, fails these tests (a packaging regression must show
red, never as skips). The label-order and error tests need neither.
"""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from claimcheck.errors import BackendError
from claimcheck.nli.labels import LABELS
from claimcheck.nli import model as nli_model
from claimcheck.nli.model import BuiltinNLI, asset_available, label_columns

A1 = "بسبب العمليات العسكرية المصرية في ليبيا التي فاجأت كلا من الجزائر وتونس"
A2 = "تحدثت بعض المصادر أن الغارات الجوية المصرية في ليبيا فاجأت الجزائر وتونس"
B = "إن القاهرة أبلغت الجزائر وتونس بقرارها قبل انطلاق العمليات بـ10 ساعات"
S3 = ("أجرى وزير الخارجية الجزائري صبري بوقادوم محادثات مع القائد العام للجيش الوطني الليبي "
      "المشير خليفة حفتر في بنغازي الأربعاء")
S4 = "التقى وزير الخارجية الجزائري صبري بوقادم، اليوم الأربعاء، قائد الجيش الليبي خليفة حفتر في مدينة بنغازي."
UNRELATED = [
    (B, "ارتفعت أسعار الذهب مع ضعف الدولار الأميركي"),
    (S3, "فاز المنتخب المغربي على نظيره البرتغالي بهدف دون رد"),
    ("أعلنت شركة أبل عن هاتف جديد بكاميرا محسنة", S4),
]

CONTRA = LABELS.index("contradiction")
NEUTRAL = LABELS.index("neutral")


# ---------------------------------------------------------------- no model needed

def test_label_columns_follow_config_not_canonical_order():
    cfg = {"id2label": {"0": "contradiction", "1": "entailment", "2": "neutral"}}
    cols = label_columns(cfg)
    # column of entailment, neutral, contradiction in the model's output
    assert cols == [1, 2, 0]
    logits_model_order = np.array([[0.7, 0.2, 0.1]])  # model says contradiction
    assert LABELS[int(logits_model_order[:, cols].argmax())] == "contradiction"


def test_label_columns_reject_bad_config():
    with pytest.raises(BackendError):
        label_columns({"id2label": {"0": "yes", "1": "no", "2": "maybe"}})
    with pytest.raises(BackendError):
        label_columns({"id2label": {"0": "entailment", "1": "neutral"}})


def test_missing_asset_is_a_backend_error(tmp_path):
    assert not asset_available(tmp_path)
    with pytest.raises(BackendError, match="asset"):
        BuiltinNLI(asset_dir=tmp_path)


@pytest.mark.parametrize("name", list(nli_model.ASSETS))
def test_shipped_asset_config_has_label_order(name):
    d = nli_model.ASSETS[name]
    assert asset_available(d), f"{name} is not in the package: {d} lacks {nli_model.ASSET_FILES}"
    cfg = json.loads((d / "config.json").read_text(encoding="utf-8"))
    assert sorted(cfg["id2label"].values()) == sorted(LABELS)
    assert sorted(label_columns(cfg)) == [0, 1, 2]
    assert cfg["claimcheck"]["name"] == name  # the asset names itself; scores are cached under it
    assert (d / "MODEL_CARD.md").is_file()
    size = sum(p.stat().st_size for p in d.rglob("*") if p.is_file())
    assert size <= 25 * 1024 * 1024, f"asset is {size / 1e6:.1f} MB"


def test_v2_is_the_default_and_v1_stays_selectable():
    from claimcheck.config import DEFAULT_NLI
    from claimcheck.registry import list_nli, resolve_nli

    assert nli_model.NAME == "claimcheck-nli-ar.v2"
    assert {"claimcheck-nli-ar.v1", "claimcheck-nli-ar.v2"} <= {n for n, _ in list_nli()}
    assert asset_available()
    assert resolve_nli(DEFAULT_NLI) == "claimcheck-nli-ar.v2"


# ---------------------------------------------------------------- real model

@pytest.fixture(scope="module")
def nli():
    # no skip: the asset ships and the base converts offline, so a load error is a failure
    return BuiltinNLI(threads=2, precision="fp32")  # exact parity tests below need float32


@pytest.mark.slow
def test_probabilities(nli):
    p = nli.predict([(A1, B), (S3, S4), UNRELATED[0]])
    assert p.shape == (3, 3) and p.dtype == np.float32
    assert np.allclose(p.sum(1), 1.0, atol=1e-5)
    assert (p >= 0).all()
    assert nli.predict([]).shape == (0, 3)


@pytest.mark.slow
@pytest.mark.parametrize("premise,hypothesis", [(A1, B), (B, A1), (A2, B), (B, A2)])
def test_seed000_surprised_vs_notified_is_contradiction_both_ways(nli, premise, hypothesis):
    """v2 (the default) reads both seed-000 passages against 'notified 10 hours before'
    as contradictions in both directions; v1 found one direction of one passage."""
    p = nli.predict([(premise, hypothesis)])[0]
    assert int(p.argmax()) == CONTRA, p


@pytest.mark.slow
@pytest.mark.parametrize("premise,hypothesis", [(S3, S4), (S4, S3)])
def test_agreeing_003_004_is_not_contradiction(nli, premise, hypothesis):
    p = nli.predict([(premise, hypothesis)])[0]
    assert int(p.argmax()) != CONTRA, p


@pytest.mark.slow
def test_unrelated_pairs_are_neutral(nli):
    p = nli.predict(UNRELATED)
    assert (p.argmax(1) == NEUTRAL).all(), p


@pytest.mark.slow
def test_permuted_id2label_gives_the_same_probabilities(nli, tmp_path):
    """An asset whose config lists the labels in another order (classifier rows
    permuted to match) must give identical LABELS-order probabilities."""
    from safetensors.torch import load_file, save_file

    src = nli_model.ASSET_DIR
    cfg = json.loads((src / "config.json").read_text(encoding="utf-8"))
    old = {int(k): v for k, v in cfg["id2label"].items()}
    perm = [2, 0, 1]  # new row r = old row perm[r]
    cfg["id2label"] = {str(r): old[perm[r]] for r in range(3)}
    cfg["label2id"] = {v: r for r, v in enumerate(cfg["id2label"].values())}
    sd = load_file(str(src / "delta.safetensors"))
    sd["classifier.weight"] = sd["classifier.weight"][perm].contiguous()
    sd["classifier.bias"] = sd["classifier.bias"][perm].contiguous()
    save_file(sd, str(tmp_path / "delta.safetensors"))
    (tmp_path / "config.json").write_text(json.dumps(cfg), encoding="utf-8")
    other = BuiltinNLI(asset_dir=tmp_path, threads=2, precision="fp32")
    pairs = [(A1, B), (S3, S4), UNRELATED[1]]
    assert np.allclose(other.predict(pairs), nli.predict(pairs), atol=1e-5)


@pytest.mark.slow
def test_runner_matches_transformers_on_the_shipped_model(nli):
    """The transformers-free runner (claimcheck.nli.bert + tokenizers) gives the ids and
    probabilities that transformers' BertForSequenceClassification gives for the
    same base + asset, including a pair truncated at max_length."""
    import torch
    from safetensors.torch import load_file
    from transformers import BertConfig, BertForSequenceClassification

    from claimcheck.nli.e5convert import ensure_base_model, load_tokenizer

    base = ensure_base_model()
    cfg = json.loads((nli.asset_dir / "config.json").read_text(encoding="utf-8"))
    cfg.pop("claimcheck", None)
    ref = BertForSequenceClassification.from_pretrained(str(base), config=BertConfig.from_dict(cfg)).eval()
    sd = ref.state_dict()
    delta = nli_model.apply_int8_differences(load_file(str(nli.asset_dir / "delta.safetensors")), sd)
    ref.load_state_dict({k: v.to(sd[k].dtype) for k, v in delta.items()}, strict=False)
    tok = load_tokenizer(base)

    long_a = " ".join([S3] * 8)  # over 128 tokens together with B
    pairs = [(A1, B), (B, A1), (S3, S4), (long_a, B), UNRELATED[2]]
    enc = tok([p for p, _ in pairs], [h for _, h in pairs], truncation="longest_first",
              max_length=nli.max_length)
    ours_ids = [e.ids for e in nli.tokenizer.encode_batch(pairs)]
    assert ours_ids == enc["input_ids"]
    assert len(ours_ids[3]) == nli.max_length
    with torch.no_grad():
        want = [torch.softmax(ref(input_ids=torch.tensor([x])).logits, -1)[0].numpy() for x in enc["input_ids"]]
    cols = label_columns(json.loads((nli.asset_dir / "config.json").read_text(encoding="utf-8")))
    want = np.stack(want)[:, cols]
    np.testing.assert_allclose(nli.predict(pairs), want, atol=1e-4)


@pytest.mark.slow
def test_bf16_products_keep_the_labels_and_stay_close(nli):
    """The bf16 path (the default where the CPU runs bf16 natively) rounds the four
    per-layer products' inputs and weights only: probabilities stay within a few
    hundredths of float32, and no label changes on the fixed seed pairs."""
    fast = BuiltinNLI(threads=2, precision="bf16")
    assert fast.precision == "bf16" and nli.precision == "fp32"
    pairs = [(A1, B), (B, A1), (S3, S4), (S4, S3), *UNRELATED]
    p16, p32 = fast.predict(pairs), nli.predict(pairs)
    assert np.abs(p16 - p32).max() < 0.05, np.abs(p16 - p32).max()
    assert (p16.argmax(1) == p32.argmax(1)).all()
    assert np.allclose(p16.sum(1), 1.0, atol=1e-5)


@pytest.mark.slow
def test_precision_comes_from_the_environment(nli, monkeypatch):
    monkeypatch.setenv("CLAIMCHECK_NLI_PRECISION", "bf16")
    assert BuiltinNLI(threads=1).precision == "bf16"
    monkeypatch.setenv("CLAIMCHECK_NLI_PRECISION", "fp32")
    assert BuiltinNLI(threads=1).precision == "fp32"
    monkeypatch.setenv("CLAIMCHECK_NLI_PRECISION", "fast")
    with pytest.raises(BackendError, match="precision"):
        BuiltinNLI(threads=1)


@pytest.mark.slow
def test_v1_loads_by_name_with_its_own_name():
    from claimcheck.registry import get_nli

    old = get_nli("claimcheck-nli-ar.v1")
    assert old.name == "claimcheck-nli-ar.v1" and old.asset_dir == nli_model.ASSETS["claimcheck-nli-ar.v1"]
    p = old.predict(UNRELATED)
    assert (p.argmax(1) == NEUTRAL).all()
