"""The trainable embedding rows of scripts/train_nli.py (--train-emb-rows)."""

import torch


def test_row_delta_embedding_trains_only_its_rows(script):
    mod = script("train_nli")
    torch.manual_seed(0)
    base = torch.nn.Embedding(20, 6)
    before = base.weight.detach().clone()
    emb = mod.RowDeltaEmbedding(base, [2, 5, 11])
    ids = torch.tensor([[2, 3, 5], [11, 0, 3]])
    assert torch.equal(emb(ids), torch.nn.functional.embedding(ids, before))  # starts as the base
    opt = torch.optim.SGD([emb.delta], lr=1.0)
    emb(ids).sum().backward()
    assert emb.weight.grad is None
    opt.step()
    out = emb(ids)
    assert torch.equal(out[0, 1], before[3]) and torch.equal(out[1, 1], before[0])  # rows not chosen
    # each chosen row was used once, so one SGD step of the sum moves it by -1
    assert torch.allclose(out[0, 0], before[2] - 1.0) and torch.allclose(out[1, 0], before[11] - 1.0)
    assert torch.allclose(emb.trained_rows(), before[[2, 5, 11]] - 1.0)
    assert torch.equal(base.weight, before)


def test_most_used_tokens_counts_both_sides_of_every_pair(script):
    mod = script("train_nli")
    encoded = [([0, 7, 7, 2, 9], None), ([0, 9, 2, 9], None), ([0, 4, 2], None)]
    # 0, 2 and 9 three times each (ties broken by id), 7 twice, 4 once
    assert mod.most_used_tokens(encoded, 2) == [0, 2]
    assert mod.most_used_tokens(encoded, 4) == [0, 2, 7, 9]
    assert mod.most_used_tokens(encoded, 99) == [0, 2, 4, 7, 9]
