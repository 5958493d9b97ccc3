import pytest
import torch

from claimcheck.errors import BackendError
from claimcheck.nli.model import apply_int8_differences


def test_int8_differences_rebuild_the_trained_matrix():
    torch.manual_seed(0)
    base = {"w": torch.randn(8, 16), "b": torch.randn(8)}
    trained = base["w"] + 0.01 * torch.randn(8, 16)
    diff = trained - base["w"]
    scale = diff.abs().amax(1) / 127
    q = torch.round(diff / scale[:, None]).to(torch.int8)
    out = apply_int8_differences({"w.q8": q, "w.scale": scale.half(), "b": torch.ones(8).half()}, base)
    assert set(out) == {"w", "b"}
    assert torch.allclose(out["w"], trained, atol=float(scale.max()))
    assert torch.equal(out["b"], torch.ones(8).half())


def test_int8_difference_for_unknown_weight_is_refused():
    with pytest.raises(BackendError, match="does not fit"):
        apply_int8_differences({"x.q8": torch.zeros(2, 2, dtype=torch.int8), "x.scale": torch.ones(2)}, {})


def test_soup_averages_checkpoints_with_weights(script):
    average = script("soup_nli").average
    a = {"w": torch.zeros(2, 3, dtype=torch.float16), "b": torch.full((2,), 4.0)}
    b = {"w": torch.ones(2, 3, dtype=torch.float16), "b": torch.zeros(2)}
    even = average([a, b])
    assert torch.allclose(even["w"], torch.full((2, 3), 0.5)) and torch.allclose(even["b"], torch.full((2,), 2.0))
    skew = average([a, b], [3, 1])
    assert torch.allclose(skew["w"], torch.full((2, 3), 0.25)) and torch.allclose(skew["b"], torch.full((2,), 3.0))
    assert even["w"].dtype == torch.float32


def test_soup_refuses_checkpoints_that_do_not_match(script):
    average = script("soup_nli").average
    a = {"w": torch.zeros(2, 3)}
    with pytest.raises(ValueError, match="names differ"):
        average([a, {"v": torch.zeros(2, 3)}])
    with pytest.raises(ValueError, match="shape"):
        average([a, {"w": torch.zeros(3, 2)}])
    with pytest.raises(ValueError, match="weight"):
        average([a, a], [1.0])


EMB_W = "bert.embeddings.word_embeddings.weight"
ROW_IDS = "bert.embeddings.word_embeddings.row_ids"
ROW_VALUES = "bert.embeddings.word_embeddings.row_values"


def test_trained_embedding_rows_replace_only_their_rows():
    from claimcheck.nli.model import resolve_delta

    torch.manual_seed(1)
    base = {EMB_W: torch.randn(50, 8), "layer.w": torch.randn(4, 8)}
    ids = torch.tensor([3, 17, 42], dtype=torch.int32)
    rows = base[EMB_W][ids.long()] + 0.05 * torch.randn(3, 8)
    before = base[EMB_W].clone()
    out = resolve_delta({ROW_IDS: ids, ROW_VALUES: rows.half()}, base)
    assert set(out) == {EMB_W}
    assert torch.allclose(out[EMB_W][ids.long()], rows, atol=2e-3)
    untouched = [i for i in range(50) if i not in (3, 17, 42)]
    assert torch.equal(out[EMB_W][untouched], base[EMB_W][untouched])
    assert torch.equal(base[EMB_W], before)  # the base itself is not modified


def test_packed_asset_with_embedding_rows_round_trips(script):
    from claimcheck.nli.model import resolve_delta

    torch.manual_seed(2)
    base = {EMB_W: torch.randn(50, 8), "layer.w": torch.randn(4, 8)}
    ids = torch.tensor([0, 9, 31], dtype=torch.int32)
    src = {ROW_IDS: ids, ROW_VALUES: (base[EMB_W][ids.long()] + 0.02 * torch.randn(3, 8)).half(),
           "layer.w": (base["layer.w"] + 0.01 * torch.randn(4, 8)).half(), "layer.b": torch.ones(4).half()}
    packed, worst = script("pack_nli_asset").pack(src, base)
    assert packed[ROW_IDS].dtype == torch.int32 and torch.equal(packed[ROW_IDS], ids)
    assert packed[ROW_VALUES + ".q8"].dtype == torch.int8 and packed["layer.w.q8"].dtype == torch.int8
    assert worst < 1e-3
    out = resolve_delta(packed, base)
    assert set(out) == {EMB_W, "layer.w", "layer.b"}
    assert torch.allclose(out[EMB_W][ids.long()], src[ROW_VALUES].float(), atol=1e-3)
    assert torch.allclose(out["layer.w"], src["layer.w"].float(), atol=1e-3)


def test_embedding_rows_outside_the_vocabulary_are_refused():
    from claimcheck.nli.model import resolve_delta

    base = {EMB_W: torch.zeros(10, 4)}
    with pytest.raises(BackendError, match="outside the vocabulary"):
        resolve_delta({ROW_IDS: torch.tensor([2, 10]), ROW_VALUES: torch.zeros(2, 4)}, base)
    with pytest.raises(BackendError, match="shape"):
        resolve_delta({ROW_IDS: torch.tensor([2, 3]), ROW_VALUES: torch.zeros(2, 5)}, base)
    with pytest.raises(BackendError, match="lack"):
        resolve_delta({ROW_IDS: torch.tensor([2, 3])}, base)


def test_soup_keeps_trained_embedding_rows_as_rows(script):
    from claimcheck.nli.model import resolve_delta

    torch.manual_seed(3)
    base = {EMB_W: torch.randn(40, 4)}
    ids = torch.tensor([5, 6, 30], dtype=torch.int32)
    values = base[EMB_W][ids.long()] + 0.1 * torch.randn(3, 4)
    full = resolve_delta({ROW_IDS: ids, ROW_VALUES: values, "classifier.bias": torch.zeros(3)}, base)
    rows = script("soup_nli").to_rows(full, base)
    assert set(rows) == {ROW_IDS, ROW_VALUES, "classifier.bias"}
    assert torch.equal(rows[ROW_IDS], ids) and torch.allclose(rows[ROW_VALUES], values)
    assert script("soup_nli").to_rows({"classifier.bias": torch.zeros(3)}, base).keys() == {"classifier.bias"}
