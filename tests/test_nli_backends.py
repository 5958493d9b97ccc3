import numpy as np
import pytest

from claimcheck.errors import BackendError
from claimcheck.nli.backends import InterimCueNLI, label_permutation, predict_cached
from claimcheck.registry import LABELS, get_encoder, get_nli


@pytest.mark.parametrize("id2label,perm", [
    ({0: "entailment", 1: "neutral", 2: "contradiction"}, [0, 1, 2]),
    ({0: "contradiction", 1: "entailment", 2: "neutral"}, [1, 2, 0]),
    ({"0": "CONTRADICTION", "1": "NEUTRAL", "2": "ENTAILMENT"}, [2, 1, 0]),
])
def test_label_order_from_config(id2label, perm):
    assert label_permutation(id2label) == perm


def test_generic_labels_are_refused():
    with pytest.raises(BackendError, match="label order"):
        label_permutation({0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"})


def test_cache_skips_known_pairs(scripted_nli):
    pairs = [("أ ب ج", "أ ب"), ("x", "y")]
    probs, new = predict_cached(scripted_nli, pairs, {})
    assert scripted_nli.calls == 2 and len(new) == 2
    again, new2 = predict_cached(scripted_nli, pairs, new)
    assert scripted_nli.calls == 2 and new2 == {}
    np.testing.assert_allclose(probs, again)


def test_scores_computed_now_equal_scores_read_back_from_the_cache_file(tmp_path):
    from claimcheck.nli.cache import append_score_cache, read_score_cache

    class Odd:  # probabilities with more decimals than the cache keeps
        name = "odd.v1"

        def predict(self, pairs):
            return np.tile(np.array([0.123456789, 0.000049999, 0.876494], dtype=np.float32), (len(pairs), 1))

    pairs = [("a", "b"), ("c", "d")]
    fresh, new = predict_cached(Odd(), pairs, {})
    append_score_cache(tmp_path / "c.jsonl", new)
    cached, again = predict_cached(Odd(), pairs, read_score_cache(tmp_path / "c.jsonl"))
    assert again == {}
    np.testing.assert_array_equal(fresh, cached)  # a report reads the same either way


def test_a_pair_given_twice_is_scored_once(scripted_nli):
    pairs = [("x", "y"), ("أ ب ج", "أ ب"), ("x", "y"), ("y", "x")]
    seen = []
    probs, new = predict_cached(scripted_nli, pairs, {}, progress=seen.append, batch_size=2)
    assert scripted_nli.calls == 3 and len(new) == 3
    np.testing.assert_array_equal(probs[0], probs[2])
    assert sum(seen) == len(pairs)  # progress counts rows, duplicates included


def test_interim_flags_the_seed_pair_and_not_unrelated():
    nli = InterimCueNLI()
    a = "وبينما تحدثت بعض المصادر أن الغارات الجوية المصرية في ليبيا فاجأت الجزائر وتونس"
    b = "إن القاهرة أبلغت الجزائر وتونس بقرارها قبل انطلاق العمليات بـ10 ساعات"
    p = nli.predict([(a, b), (a, "ارتفعت أسعار القمح في الأسواق العالمية")])
    assert LABELS[int(p[0].argmax())] == "contradiction"
    assert LABELS[int(p[1].argmax())] == "neutral"
    np.testing.assert_allclose(p.sum(1), 1, atol=1e-5)


def _tiny_vocab_tokenizer(path):
    from tokenizers import Tokenizer, models, pre_tokenizers, processors
    from transformers import PreTrainedTokenizerFast

    words = ["[PAD]", "[UNK]", "[CLS]", "[SEP]"] + "الجزائر وتونس فاجأت أبلغت القاهرة oil rose fell prices".split()
    tok = Tokenizer(models.WordLevel({w: i for i, w in enumerate(words)}, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B [SEP]", special_tokens=[("[CLS]", 2), ("[SEP]", 3)])
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, pad_token="[PAD]", unk_token="[UNK]",
                                   cls_token="[CLS]", sep_token="[SEP]")
    fast.save_pretrained(path)
    return len(words)


def test_hf_backend_reads_label_order_from_config(tmp_path):
    import torch
    from transformers import BertConfig, BertForSequenceClassification

    vocab = _tiny_vocab_tokenizer(tmp_path)
    cfg = BertConfig(vocab_size=vocab, hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                     intermediate_size=32, num_labels=3,
                     id2label={0: "contradiction", 1: "entailment", 2: "neutral"},
                     label2id={"contradiction": 0, "entailment": 1, "neutral": 2})
    model = BertForSequenceClassification(cfg)
    with torch.no_grad():  # the model always says its label 0, which is "contradiction"
        model.classifier.weight.zero_()
        model.classifier.bias.copy_(torch.tensor([5.0, 0.0, -5.0]))
    model.save_pretrained(tmp_path)
    nli = get_nli(f"hf:{tmp_path}")
    p = nli.predict([("القاهرة أبلغت الجزائر", "فاجأت الجزائر وتونس"), ("oil rose", "oil fell")])
    assert p.shape == (2, 3)
    assert all(LABELS[int(r.argmax())] == "contradiction" for r in p)
    assert p[0, LABELS.index("neutral")] < p[0, LABELS.index("entailment")]  # -5 logit is neutral's


def test_hf_backend_missing_model_is_backend_error(tmp_path):
    with pytest.raises(BackendError, match="cannot load"):
        get_nli(f"hf:{tmp_path / 'nope'}")


def test_st_encoder_with_local_model(tmp_path):
    from sentence_transformers import SentenceTransformer
    from transformers import BertConfig, BertModel

    try:  # sentence-transformers >= 6 moved the module classes
        from sentence_transformers.sentence_transformer import modules as models
    except ImportError:
        from sentence_transformers import models

    vocab = _tiny_vocab_tokenizer(tmp_path / "bert")
    BertModel(BertConfig(vocab_size=vocab, hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                         intermediate_size=32)).save_pretrained(tmp_path / "bert")
    tr = models.Transformer(str(tmp_path / "bert"))
    st = SentenceTransformer(modules=[tr, models.Pooling(16, "mean")])
    st.save(str(tmp_path / "st"))
    enc = get_encoder(f"st:{tmp_path / 'st'}")
    v = enc.encode(["الجزائر وتونس", "oil prices rose", "oil prices rose"])
    assert v.shape == (3, 16) and v.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1, atol=1e-5)
    np.testing.assert_allclose(v[1], v[2], atol=1e-6)


def test_unknown_backend_lists_known():
    with pytest.raises(BackendError, match="known:.*interim-cues.v1"):
        get_nli("no-such-model")


def test_int8_scores_run_under_their_own_name(monkeypatch):
    from claimcheck.nli import model as nli_model
    from claimcheck.registry import resolve_run_name as resolve_nli_name

    if not nli_model.asset_available():
        pytest.fail("the built-in NLI asset is missing")
    monkeypatch.setenv("CLAIMCHECK_NLI_PRECISION", "int8")
    assert resolve_nli_name("builtin") == nli_model.NAME + "+int8"
    assert resolve_nli_name("claimcheck-nli-ar.v1") == "claimcheck-nli-ar.v1+int8"
    assert resolve_nli_name("interim-cues.v1") == "interim-cues.v1"
    monkeypatch.setenv("CLAIMCHECK_NLI_PRECISION", "fp32")
    assert resolve_nli_name("builtin") == nli_model.NAME
    assert nli_model.run_name("x", "bf16") == "x" and nli_model.run_name("x", "int8") == "x+int8"


def test_a_killed_scoring_keeps_what_it_scored_and_the_next_run_resumes(tmp_path, scripted_nli):
    """Scores reach the cache file as they come (``save_every``), not at the end: a
    report killed during hours of NLI (out of memory, Ctrl-C) starts again from there."""
    from claimcheck import pipeline
    from claimcheck.nli.cache import read_score_cache

    class Dying:
        name = "scripted.v1"

        def __init__(self, after):
            self.after, self.calls = after, 0

        def predict(self, pairs):
            if self.calls >= self.after:
                raise KeyboardInterrupt
            self.calls += len(pairs)
            return scripted_nli.predict(pairs)

    class Index:  # what score_pairs asks of an index: where its cache file lives
        def nli_cache_path(self, name):
            return tmp_path / "nli-cache" / f"{name}.jsonl"

    pairs = [(f"الجملة رقم {i}", f"جملة أخرى {i}") for i in range(300)]
    dying = Dying(after=200)
    with pytest.raises(KeyboardInterrupt):
        predict_cached(dying, pairs, {}, batch_size=50,
                       save=lambda items: pipeline.append_score_cache(Index().nli_cache_path("scripted.v1"), items),
                       save_every=100)
    kept = read_score_cache(Index().nli_cache_path("scripted.v1"))
    assert len(kept) == 200  # the four batches scored before the kill, each saved once
    scripted_nli.calls = 0
    probs = pipeline.score_pairs(Index(), scripted_nli, pairs)
    assert scripted_nli.calls == 100  # only what the killed run had not scored
    np.testing.assert_array_equal(probs, predict_cached(scripted_nli, pairs, {})[0])
    lines = Index().nli_cache_path("scripted.v1").read_text().splitlines()
    assert len(lines) == 300  # every pair written once


def test_nli_scoring_hands_its_heap_back_as_it_goes(tmp_path, scripted_nli, monkeypatch):
    """glibc keeps what torch frees: scoring trims the heap every TRIM_EVERY pairs
    (measured: 4,100 pairs ended at 1,404 MB RSS untrimmed, 1,170 MB trimmed every 512)."""
    from claimcheck import pipeline

    trims = []
    monkeypatch.setattr(pipeline, "trim_heap", lambda: trims.append(1))
    monkeypatch.setattr(pipeline, "TRIM_EVERY", 128)

    class Index:
        def nli_cache_path(self, name):
            return tmp_path / f"{name}.jsonl"

    seen = []
    pipeline.score_pairs(Index(), scripted_nli, [(f"أ {i}", f"ب {i}") for i in range(640)], progress=seen.append)
    assert len(trims) == 5 and sum(seen) == 640  # 640 / 128, and the caller's progress still sees every pair
