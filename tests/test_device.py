"""Device selection (``--device auto|cpu|cuda``), tested on CPU with torch's CUDA probe mocked."""

import pytest
import torch

from claimcheck.nli import bert
from claimcheck.config import DEFAULT_DEVICE, DEVICES, device_setting
from claimcheck.errors import BackendError


def test_default_is_declared_once_and_env_overrides(monkeypatch):
    monkeypatch.delenv("CLAIMCHECK_DEVICE", raising=False)
    assert device_setting() == DEFAULT_DEVICE == "auto" and DEFAULT_DEVICE in DEVICES
    monkeypatch.setenv("CLAIMCHECK_DEVICE", " CPU ")
    assert device_setting() == "cpu"


@pytest.mark.parametrize("cuda, asked, got", [
    (True, "auto", "cuda"), (False, "auto", "cpu"),
    (True, "cpu", "cpu"), (False, "cpu", "cpu"),
    (True, "cuda", "cuda"),
])
def test_resolve_device(monkeypatch, cuda, asked, got):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: cuda)
    assert bert.resolve_device(asked) == got


def test_auto_follows_the_env_setting(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setenv("CLAIMCHECK_DEVICE", "cpu")
    assert bert.resolve_device() == "cpu"
    monkeypatch.setenv("CLAIMCHECK_DEVICE", "auto")
    assert bert.resolve_device() == "cuda"


def test_cuda_without_a_gpu_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(BackendError, match="no CUDA GPU"):
        bert.resolve_device("cuda")


def test_unknown_device_is_refused():
    with pytest.raises(BackendError, match="unknown device 'tpu'"):
        bert.resolve_device("tpu")


def test_gpu_precision_auto_is_bf16_where_supported(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *a, **k: True)
    assert bert.resolve_precision_on("auto", "cuda") == "bf16"
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *a, **k: False)
    assert bert.resolve_precision_on("auto", "cuda") == "fp32"
    assert bert.resolve_precision_on("fp32", "cuda") == "fp32"


@pytest.mark.parametrize("flags, want", [({"amx_bf16"}, "bf16"), ({"avx512_bf16"}, "bf16"), (set(), "fp32")])
def test_cpu_precision_auto_follows_the_cpu_flags(monkeypatch, flags, want):
    monkeypatch.setattr(bert, "cpu_bf16_flags", lambda: frozenset(flags))
    assert bert.resolve_precision_on("auto", "cpu") == want
    assert bert.resolve_precision_on("fp32", "cpu") == "fp32"  # an explicit precision wins
    # a GPU asks the GPU, not the CPU's flags
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *a, **k: not flags)
    assert bert.resolve_precision_on("auto", "cuda") == ("fp32" if flags else "bf16")


def test_cli_refuses_an_unknown_device(tmp_path):
    from typer.testing import CliRunner

    from claimcheck.cli import app

    res = CliRunner().invoke(app, ["index", str(tmp_path), "--index", str(tmp_path / "ix"), "--device", "tpu"])
    assert res.exit_code == 2 and "tpu" in res.output
