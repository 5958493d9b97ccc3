"""claimcheck.encoders with the deterministic hash.v1 encoder: the contract every
encoder keeps (shape, dtype, unit rows, kinds), batching and fingerprints."""

from __future__ import annotations

import numpy as np
import pytest

from claimcheck import config
from claimcheck.encoders import HashEncoder, encode_batched, fingerprint
from claimcheck.errors import BackendError
from claimcheck.registry import get_encoder

SAID = "قال وزير الخارجية إن الغارات الجوية فاجأت الجزائر وتونس"
# the same sentence with diacritics, tatweel and another alef: one normalised form
SAID_VARIANT = "قَالَ وزيـــر الخارجية ان الغارات الجوية فاجأت الجزائر وتونس"
UNRELATED = "ارتفعت أسعار الذهب مع ضعف الدولار الأميركي"


def test_rows_are_float32_unit_vectors_of_the_declared_dim():
    enc = get_encoder("hash.v1")
    v = enc.encode([SAID, UNRELATED, "Oil prices rose on Monday."])
    assert v.shape == (3, enc.dim) and v.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-6)
    assert enc.encode([]).shape == (0, enc.dim)


def test_matching_is_on_the_normalised_form():
    enc = HashEncoder()
    a, b, c = enc.encode([SAID, SAID_VARIANT, UNRELATED])
    assert float(a @ b) > 0.99  # diacritics, tatweel, alef variants do not count
    assert float(a @ c) < 0.3


def test_deterministic_across_instances_and_dims_differ():
    assert np.array_equal(HashEncoder().encode([SAID]), HashEncoder().encode([SAID]))
    assert HashEncoder(dim=64).encode([SAID]).shape == (1, 64)


def test_unknown_kind_is_a_backend_error():
    with pytest.raises(BackendError, match="kind"):
        HashEncoder().encode([SAID], kind="document")


@pytest.mark.parametrize("batch_size", [1, 2, 64])
def test_encode_batched_equals_one_call_and_reports_progress(batch_size):
    enc = HashEncoder()
    texts = [SAID, SAID_VARIANT, UNRELATED, "Heavy rain flooded Alexandria.", "سقطت أمطار غزيرة"]
    done = []
    out = encode_batched(enc, texts, batch_size=batch_size, progress=done.append)
    np.testing.assert_array_equal(out, enc.encode(texts))
    assert sum(done) == len(texts) and max(done) <= batch_size


def test_fingerprint_names_what_an_encoder_computes():
    assert fingerprint(HashEncoder()) == fingerprint(HashEncoder())
    assert fingerprint(HashEncoder()) != fingerprint(HashEncoder(dim=128))

    class SameNameOtherVectors(HashEncoder):
        def encode(self, texts, kind="query"):
            return super().encode([t[::-1] for t in texts], kind=kind)

    assert fingerprint(SameNameOtherVectors()) != fingerprint(HashEncoder())


@pytest.mark.parametrize("value,threads", [("", None), ("0", None), ("3", 3), (" 2 ", 2)])
def test_encoder_threads_come_from_config(monkeypatch, value, threads):
    monkeypatch.setenv("CLAIMCHECK_THREADS", value)
    assert config.torch_threads() == threads
