import pytest
import torch

from claimcheck.errors import BackendError
from claimcheck.nli_model import apply_int8_differences


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
