"""The two model stages (embedding, NLI) as Ray Data batch jobs with model actors.

``RayEncoder`` and ``RayNLI`` are ordinary backends (an encoder: texts -> matrix;
an NLI backend: pairs -> probabilities) whose work runs on a Ray cluster: each call
becomes one Ray Data job, ``map_batches`` over an actor pool in which every actor
loads the named model once. The index, the clustering and the findings then run
locally as usual, so a Ray run and a local run produce the same index and report
(vectors within float tolerance; the NLI scores come from the same model).

    claimcheck report articles/ --ray                 # a local Ray instance
    claimcheck report articles/ --ray auto            # the cluster this machine joined
    claimcheck report articles/ --ray ray://head:10001

Every node needs claimcheck installed (the same version), with the ``ray`` extra:
``pip install 'claimcheck[ray]'``.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from .config import ENCODER_PRECISION_ENV, NLI_PRECISION_ENV, encoder_precision, nli_precision
from .errors import BackendError, MissingDependency

INSTALL = "pip install 'ray[data]==2.60.0'   (or: pip install 'claimcheck[ray]')"
LOCAL = "local"  # --ray with no address: start (or reuse) a Ray instance on this machine


def _ray():
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError as e:
        raise MissingDependency(f"--ray needs Ray Data, which is not installed: {INSTALL}") from e
    return ray


def connect(address: str | None = LOCAL, num_cpus: int | None = None) -> None:
    """Join the Ray cluster at ``address`` (``local``/None: start one here), once per process."""
    ray = _ray()
    if ray.is_initialized():
        return
    import os

    # workers see this process's claimcheck settings (device, precision, threads, cache)
    env = {k: v for k, v in os.environ.items() if k.startswith("CLAIMCHECK_")}
    kwargs = {"include_dashboard": False, "log_to_driver": False, "configure_logging": False,
              "runtime_env": {"env_vars": env} if env else None}
    try:
        if address in (None, "", LOCAL):
            ray.init(num_cpus=num_cpus, **kwargs)
        else:
            ray.init(address=address, **kwargs)
    except Exception as e:
        raise BackendError(f"cannot connect to Ray at {address or LOCAL!r}: {e}") from e


def _actor_precision(setting: str, num_gpus: float) -> str:
    """The matrix-product precision the driver hands its actors for ``setting``.

    On CPUs ``auto`` is resolved here, on the driver, so that every actor of a job
    (on any node of the cluster) computes what this machine would compute. Actors
    with a GPU resolve ``auto`` on it (bf16 where the GPU supports it, no timing)."""
    if num_gpus:
        return setting
    from .nli.bert import resolve_precision

    return resolve_precision(setting)


def _use_precision(env: str, precision: str | None) -> None:
    # an actor is a process of its own: its backend reads the driver's resolved
    # precision from the same setting a local run reads
    import os

    if precision:
        os.environ[env] = precision


class _EncodeActor:
    def __init__(self, name: str, kind: str, precision: str | None = None):
        from .registry import get_encoder

        _use_precision(ENCODER_PRECISION_ENV, precision)
        self.enc = get_encoder(name)
        self.kind = kind

    def __call__(self, batch: dict) -> dict:
        texts = [str(t) for t in batch["text"]]
        return {"i": batch["i"], "vec": self.enc.encode(texts, kind=self.kind)}


class _NLIActor:
    def __init__(self, name: str, precision: str | None = None):
        from .registry import get_nli

        _use_precision(NLI_PRECISION_ENV, precision)
        self.nli = get_nli(name)

    def __call__(self, batch: dict) -> dict:
        pairs = [(str(p), str(h)) for p, h in zip(batch["premise"], batch["hypothesis"])]
        return {"i": batch["i"], "probs": np.asarray(self.nli.predict(pairs), dtype=np.float32)}


def default_actors() -> int:
    """One model actor per two CPUs of the cluster (each actor's torch uses two threads)."""
    ray = _ray()
    return max(1, int(ray.cluster_resources().get("CPU", 1)) // 2)


def _identity(name: str) -> tuple[str, int, str]:
    from .encoders import fingerprint
    from .registry import get_encoder

    enc = get_encoder(name)
    return enc.name, int(enc.dim), fingerprint(enc)


def _run(rows: list[dict], actor, ctor_kwargs: dict, out_key: str, width: int,
         actors: int, batch_size: int, num_gpus: float) -> np.ndarray:
    ray = _ray()
    out = np.zeros((len(rows), width), dtype=np.float32)
    if not rows:
        return out
    # one block per actor batch, so the pool shares the work instead of one actor taking it all
    ds = ray.data.from_items(rows, override_num_blocks=max(1, min(len(rows) // batch_size + 1, 4 * actors)))
    ds = ds.map_batches(actor, fn_constructor_kwargs=ctor_kwargs, batch_size=batch_size,
                        batch_format="numpy", compute=ray.data.ActorPoolStrategy(size=actors),
                        num_gpus=num_gpus or None)
    seen = 0
    for batch in ds.iter_batches(batch_size=None, batch_format="numpy"):
        out[np.asarray(batch["i"], dtype=np.int64)] = batch[out_key]
        seen += len(batch["i"])
    if seen != len(rows):
        raise BackendError(f"the Ray job returned {seen} rows for {len(rows)}")
    return out


class RayEncoder:
    """Encoder ``name`` run by ``actors`` Ray actors; the same name, dim and fingerprint.

    ``encode`` takes the whole list at once (``encode_batched`` sees
    ``encode_chunk = None`` and does not split it), so a corpus is one Ray job.
    """

    encode_chunk = None

    def __init__(self, name: str, address: str | None = LOCAL, actors: int | None = None,
                 batch_size: int = 256, num_gpus: float = 0.0):
        ray = _ray()
        connect(address)
        actors = actors or default_actors()
        self.actors, self.rows_per_batch, self.num_gpus = max(1, int(actors)), int(batch_size), num_gpus
        # the identity is computed where the model runs: the driver needs no model
        self.name, self.dim, self.fingerprint = ray.get(ray.remote(_identity).remote(name))
        self.precision = _actor_precision(encoder_precision(), num_gpus)

    def encode(self, texts: Sequence[str], kind: str = "query") -> np.ndarray:
        rows = [{"i": i, "text": t} for i, t in enumerate(texts)]
        return _run(rows, _EncodeActor, {"name": self.name, "kind": kind, "precision": self.precision},
                    "vec", self.dim, self.actors, self.rows_per_batch, self.num_gpus)


class RayNLI:
    """NLI backend ``spec`` run by Ray actors; named as the backend it runs (scores are
    cached under that name, so a Ray run and a local run share one cache)."""

    predict_batch = None  # predict_cached sends every uncached pair in one call

    def __init__(self, spec: str, address: str | None = LOCAL, actors: int | None = None,
                 batch_size: int = 256, num_gpus: float = 0.0):
        from .registry import resolve_run_name

        connect(address)
        actors = actors or default_actors()
        self.spec = spec
        self.name = resolve_run_name(spec)
        self.actors, self.rows_per_batch, self.num_gpus = max(1, int(actors)), int(batch_size), num_gpus
        self.precision = _actor_precision(nli_precision(), num_gpus)

    def predict(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        rows = [{"i": i, "premise": p, "hypothesis": h} for i, (p, h) in enumerate(pairs)]
        return _run(rows, _NLIActor, {"name": self.spec, "precision": self.precision}, "probs", 3,
                    self.actors, self.rows_per_batch, self.num_gpus)

    def start(self) -> None:  # LazyNLI's interface: nothing to preload on the driver
        pass

    def close(self) -> None:
        pass
