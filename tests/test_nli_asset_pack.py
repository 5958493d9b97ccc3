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


def _soup_module():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "scripts" / "soup_nli.py"
    spec = importlib.util.spec_from_file_location("soup_nli", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_soup_averages_checkpoints_with_weights():
    average = _soup_module().average
    a = {"w": torch.zeros(2, 3, dtype=torch.float16), "b": torch.full((2,), 4.0)}
    b = {"w": torch.ones(2, 3, dtype=torch.float16), "b": torch.zeros(2)}
    even = average([a, b])
    assert torch.allclose(even["w"], torch.full((2, 3), 0.5)) and torch.allclose(even["b"], torch.full((2,), 2.0))
    skew = average([a, b], [3, 1])
    assert torch.allclose(skew["w"], torch.full((2, 3), 0.25)) and torch.allclose(skew["b"], torch.full((2,), 3.0))
    assert even["w"].dtype == torch.float32


def test_soup_refuses_checkpoints_that_do_not_match():
    average = _soup_module().average
    a = {"w": torch.zeros(2, 3)}
    with pytest.raises(ValueError, match="names differ"):
        average([a, {"v": torch.zeros(2, 3)}])
    with pytest.raises(ValueError, match="shape"):
        average([a, {"w": torch.zeros(3, 2)}])
    with pytest.raises(ValueError, match="weight"):
        average([a, a], [1.0])
