"""claimcheck.nli.bert (the transformers-free runner of the built-in NLI model) computes
what transformers' BertForSequenceClassification computes, from the same weights."""

from __future__ import annotations

import numpy as np
import pytest
import torch  # hard dependencies: a missing one fails, never skips
import transformers

from claimcheck.nli import bert
from claimcheck.nli.bert import BertClassifier, resolve_precision
from claimcheck.errors import BackendError


def _tiny(seed=0, **kw):
    torch.manual_seed(seed)
    cfg = transformers.BertConfig(vocab_size=97, hidden_size=32, num_hidden_layers=3, num_attention_heads=4,
                                  intermediate_size=64, max_position_embeddings=40, num_labels=3,
                                  layer_norm_eps=1e-12, **kw)
    model = transformers.BertForSequenceClassification(cfg).eval()
    # move the LayerNorms away from identity so that a mix-up would show
    with torch.no_grad():
        for n, p in model.named_parameters():
            if "LayerNorm" in n:
                p.add_(torch.randn_like(p) * 0.2)
    return cfg, model


def _batch(lengths, vocab=97, L=None, seed=1):
    g = torch.Generator().manual_seed(seed)
    L = L or max(lengths)
    ids = torch.full((len(lengths), L), 1, dtype=torch.long)
    mask = torch.zeros((len(lengths), L), dtype=torch.long)
    for r, n in enumerate(lengths):
        ids[r, :n] = torch.randint(3, vocab, (n,), generator=g)
        mask[r, :n] = 1
    return ids, mask


@pytest.mark.parametrize("lengths", [[7, 7, 7], [12, 3, 9, 1], [40]])
def test_logits_match_transformers(lengths):
    cfg, model = _tiny()
    ours = BertClassifier(cfg.to_dict(), model.state_dict())
    ids, mask = _batch(lengths)
    with torch.no_grad():
        ref = model(input_ids=ids, attention_mask=mask).logits
    got = ours(ids, mask)
    assert got.shape == ref.shape
    np.testing.assert_allclose(got.numpy(), ref.numpy(), atol=2e-5, rtol=1e-4)


def test_padding_does_not_change_a_row():
    cfg, model = _tiny(seed=3)
    ours = BertClassifier(cfg.to_dict(), model.state_dict())
    ids, mask = _batch([5], L=5)
    ids_p, mask_p = _batch([5, 20], L=20)
    ids_p[0, :5] = ids[0]
    alone = ours(ids, mask)[0]
    padded = ours(ids_p, mask_p)[0]
    np.testing.assert_allclose(alone.numpy(), padded.numpy(), atol=2e-5)


def test_weights_without_bert_prefix_are_accepted():
    cfg, model = _tiny(seed=4)
    sd = {(k[len("bert."):] if k.startswith("bert.") else k): v for k, v in model.state_dict().items()}
    ids, mask = _batch([6, 4])
    np.testing.assert_allclose(BertClassifier(cfg.to_dict(), sd)(ids, mask).numpy(),
                               BertClassifier(cfg.to_dict(), model.state_dict())(ids, mask).numpy())


def test_missing_weights_and_unsupported_activation_are_backend_errors():
    cfg, model = _tiny()
    sd = dict(model.state_dict())
    sd.pop("bert.encoder.layer.1.intermediate.dense.weight")
    with pytest.raises(BackendError, match="intermediate"):
        BertClassifier(cfg.to_dict(), sd)
    sd = dict(model.state_dict())
    sd.pop("classifier.weight")
    with pytest.raises(BackendError, match="classifier"):
        BertClassifier(cfg.to_dict(), sd)
    with pytest.raises(BackendError, match="hidden_act"):
        BertClassifier({**cfg.to_dict(), "hidden_act": "relu"}, model.state_dict())


def test_too_long_input_is_a_backend_error():
    cfg, model = _tiny()
    ours = BertClassifier(cfg.to_dict(), model.state_dict())
    ids, mask = _batch([41])
    with pytest.raises(BackendError, match="positions"):
        ours(ids, mask)


def test_bf16_products_stay_close_to_float32():
    cfg, model = _tiny(seed=5)
    ids, mask = _batch([9, 4, 13])
    exact = BertClassifier(cfg.to_dict(), model.state_dict())(ids, mask)
    fast = BertClassifier(cfg.to_dict(), model.state_dict(), precision="bf16")
    assert fast.precision == "bf16"
    got = fast(ids, mask)
    assert got.dtype == torch.float32
    # bf16 keeps 8 bits of mantissa: products err by ~0.4 %, the logits by about as much
    np.testing.assert_allclose(got.numpy(), exact.numpy(), atol=0.05, rtol=0.05)
    assert not np.array_equal(got.numpy(), exact.numpy())  # the bf16 path really ran


def test_precision_is_resolved_or_refused():
    assert resolve_precision("fp32") == "fp32"
    assert resolve_precision("bf16") == "bf16"
    assert resolve_precision("auto") in ("fp32", "bf16")
    with pytest.raises(BackendError, match="precision"):
        resolve_precision("int4")


@pytest.mark.parametrize("flags, want", [
    ({"amx_bf16"}, "bf16"),
    ({"avx512_bf16"}, "bf16"),
    ({"amx_bf16", "avx512_bf16"}, "bf16"),
    (set(), "fp32"),
])
def test_auto_follows_the_cpu_flags(monkeypatch, flags, want):
    monkeypatch.setattr(bert, "cpu_bf16_flags", lambda: frozenset(flags))
    assert resolve_precision("auto") == want
    assert resolve_precision("auto") == want  # a fact of the machine: the same answer every time
    for explicit in ("fp32", "bf16", "int8"):  # an explicit choice wins over the flags
        assert resolve_precision(explicit) == explicit


def test_auto_is_the_same_in_every_process():
    """No timing: a fresh interpreter on this machine resolves ``auto`` as this one does."""
    import subprocess
    import sys

    code = "from claimcheck.nli.bert import resolve_precision as r; print(r('auto'))"
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
            for _ in range(2)}
    assert runs == {resolve_precision("auto")}


@pytest.mark.parametrize("text, want", [
    ("processor\t: 0\nflags\t\t: fpu sse avx512f avx512_bf16 avx512_vnni\n\nprocessor\t: 1\n", {"avx512_bf16"}),
    ("processor\t: 0\nflags\t\t: fpu amx_bf16 amx_tile amx_int8 avx512_bf16\n", {"amx_bf16", "avx512_bf16"}),
    ("processor\t: 0\nflags\t\t: fpu sse avx2\n", set()),
    ("processor\t: 0\nFeatures\t: fp asimd bf16\n", set()),  # ARM: fp32 (no x86 flags line)
])
def test_flags_are_read_from_cpuinfo(tmp_path, monkeypatch, text, want):
    f = tmp_path / "cpuinfo"
    f.write_text(text)
    read = bert._flags_from_proc
    monkeypatch.setattr(bert, "_flags_from_proc", lambda: read(str(f)))
    bert.cpu_bf16_flags.cache_clear()
    try:
        assert bert.cpu_bf16_flags() == want
    finally:
        bert.cpu_bf16_flags.cache_clear()


def test_without_proc_cpuinfo_torch_is_asked(monkeypatch):
    monkeypatch.setattr(bert, "_flags_from_proc", lambda: None)
    monkeypatch.setattr(bert, "_flags_from_torch", lambda: frozenset({"avx512_bf16", "avx2"}))
    bert.cpu_bf16_flags.cache_clear()
    try:
        assert bert.cpu_bf16_flags() == {"avx512_bf16"}
    finally:
        bert.cpu_bf16_flags.cache_clear()


def test_int8_products_stay_close_to_float32():
    cfg, model = _tiny(seed=6)
    ids, mask = _batch([9, 4, 13])
    exact = BertClassifier(cfg.to_dict(), model.state_dict())(ids, mask)
    fast = BertClassifier(cfg.to_dict(), model.state_dict(), precision="int8")
    assert fast.precision == "int8"
    got = fast(ids, mask)
    np.testing.assert_allclose(got.numpy(), exact.numpy(), atol=0.1, rtol=0.1)
    assert not np.array_equal(got.numpy(), exact.numpy())  # the int8 path really ran
    assert resolve_precision("int8") == "int8"


def test_encoder_mean_pooling_ignores_padding():
    from claimcheck.nli.bert import BertEncoder

    cfg, model = _tiny(seed=7)
    enc = BertEncoder(cfg.to_dict(), model.state_dict())
    ids, mask = _batch([5, 11], L=11)
    pooled = enc.mean_pooled(ids, mask)
    alone = enc.mean_pooled(ids[:1, :5], mask[:1, :5])
    np.testing.assert_allclose(pooled[0].numpy(), alone[0].numpy(), atol=1e-5)
    hidden = model.bert(input_ids=ids, attention_mask=mask).last_hidden_state
    m = mask.unsqueeze(-1).float()
    ref = ((hidden * m).sum(1) / m.sum(1)).detach()
    np.testing.assert_allclose(pooled.numpy(), ref.numpy(), atol=1e-4)
