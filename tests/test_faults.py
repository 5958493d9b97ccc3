"""Fault suite: kill -9 during index writes (between every two file operations
of a commit, and at random moments), concurrent writers, and corruption of every
file of a generation. Writers are real subprocesses running the CLI with the
deterministic ``hash.v1`` encoder on tiny articles, so the whole suite takes a
minute or two. Counts go to the reliability table (tests/reliability.py).

Properties: after any kill the index opens and holds either the old or the new
set of articles, and the next write succeeds and holds both; two writers never
lose a committed article (a refused writer exits non-zero with a one-line
message); every corruption is detected (exit 3, one line, no traceback).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck import pipeline
from claimcheck.cli import app
from claimcheck.errors import IndexError_, IndexNotFound
from claimcheck.index import ClaimIndex
from claimcheck.text.ingest import read_paths
from reliability import TABLE

SEED = int(os.environ.get("CLAIMCHECK_FAULT_SEED") or random.SystemRandom().randrange(1 << 30))
RANDOM_KILLS = int(os.environ.get("CLAIMCHECK_RANDOM_KILLS", "50"))
CONCURRENT_RUNS = int(os.environ.get("CLAIMCHECK_CONCURRENT_RUNS", "20"))

for _key in ("step_kills", "step_kills_survived", "random_kills", "random_kills_survived", "concurrent_runs",
             "commits_lost", "concurrent_refused", "corruptions", "corruptions_detected"):
    TABLE[_key] += 0

# Imports happen before "go", so a kill timed from "go" lands in the write itself.
# The CLI runs in-process after a line on stdin (a barrier for concurrent writers).
DRIVER = """
import sys
from claimcheck.cli import app
from claimcheck import pipeline, registry
import faiss
registry.get_encoder("hash.v1")
print("go", flush=True)
sys.stdin.readline()
sys.argv = ["claimcheck", *sys.argv[1:]]
app()
"""

PLACES = ["الجزائر", "تونس", "القاهرة", "بنغازي", "طرابلس", "الرباط", "عمان", "بيروت", "دمشق", "الدوحة"]
VERBS = ["أعلنت", "نفت", "أكدت", "رفضت", "قبلت", "أبلغت"]


def _article(tag: str, i: int) -> str:
    place, verb = PLACES[i % len(PLACES)], VERBS[i % len(VERBS)]
    return (f"{verb} حكومة {place} خبرا رقم {i} من سلسلة {tag}\n\n"
            f"وقال المصدر إن حكومة {place} {verb} اليوم القرار رقم {i} في سلسلة {tag} بعد اجتماع طويل.\n"
            f"وأضاف أن الوفد سيزور {PLACES[(i + 3) % len(PLACES)]} الأسبوع المقبل لبحث الملف {i}.\n")


def _folder(root: Path, tag: str, n: int) -> Path:
    d = root / tag
    d.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (d / f"{tag}-{i:02d}.txt").write_text(_article(tag, i), "utf-8")
    return d


def _ids_of(folder: Path) -> set[str]:
    return {a.id for a in read_paths([folder]).articles}


def _ids(ix: Path) -> set[str] | None:
    """Article ids of the live generation; None when there is no index."""
    try:
        return {a.id for a in ClaimIndex.open(ix).articles}
    except IndexNotFound:
        return None


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMCHECK_FAULT")}
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = tmp_path_factory.mktemp("faults")
    old, new = _folder(root, "old", 3), _folder(root, "new", 12)
    base = root / "base"
    pipeline.index_paths([old], base, encoder="hash.v1")
    return {"root": root, "old": old, "new": new, "base": base,
            "old_ids": _ids_of(old), "new_ids": _ids_of(new)}


def _survives(w, ix: Path, before: set[str] | None) -> None:
    """After a kill: the index opens as the old or the new generation, the next
    write succeeds, and then holds everything, with no leftovers."""
    after = _ids(ix)
    everything = (before or set()) | w["new_ids"]
    assert after == before or after == everything, f"seed {SEED}: index holds neither the old nor the new set"
    res = pipeline.index_paths([w["new"]], ix, encoder="hash.v1")
    assert _ids(ix) == everything and res.index.manifest
    left = sorted(p.name for p in ix.iterdir() if p.name.startswith(("gen-", ".tmp-gen-", ".CURRENT")))
    assert len(left) == 1 and left[0].startswith("gen-"), left


def _cli(args, env):
    return subprocess.run([sys.executable, "-m", "claimcheck", "-q", *map(str, args)],
                          capture_output=True, text=True, env=env, timeout=120)


def _prepare(w, ix: Path, scenario: str) -> set[str] | None:
    if ix.exists():
        shutil.rmtree(ix)
    if scenario == "fresh":
        return None
    shutil.copytree(w["base"], ix)
    if scenario == "leftovers":  # what earlier killed commits leave: recovery steps are fault points too
        shutil.copytree(ix / "gen-000001", ix / "gen-000002")
        shutil.copytree(ix / "gen-000001", ix / ".tmp-gen-abc")
    return set(w["old_ids"])


@pytest.mark.parametrize("scenario", ["existing", "fresh", "leftovers"])
def test_kill_between_every_two_file_operations_of_a_commit(world, scenario):
    ix = world["root"] / f"step-{scenario}"
    step = 0
    while True:
        step += 1
        assert step < 100, "the commit never finished"
        before = _prepare(world, ix, scenario)
        proc = _cli(["index", world["new"], "--index", ix, "--encoder", "hash.v1"],
                    _env(CLAIMCHECK_FAULT_AT=str(step)))
        if proc.returncode == 0:  # the step count passed the last file operation
            break
        assert proc.returncode == -signal.SIGKILL, proc.stderr
        TABLE["step_kills"] += 1
        _survives(world, ix, before)
        TABLE["step_kills_survived"] += 1
    assert step > 12  # every write, fsync, rename and swap was a kill point


def test_kill_at_random_moments_of_a_write(world):
    rng = random.Random(SEED)
    ix = world["root"] / "random"

    def start():
        p = subprocess.Popen([sys.executable, "-c", DRIVER, "-q", "index", str(world["new"]), "--index", str(ix),
                              "--encoder", "hash.v1"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=_env())
        assert p.stdout.readline().strip() == "go"
        p.stdin.write("start\n")
        p.stdin.flush()
        return p, time.monotonic()

    spans = []
    for _ in range(3):  # how long a write takes, imports excluded (the quickest: the first is cold)
        _prepare(world, ix, "existing")
        p, t0 = start()
        assert p.wait(60) == 0, p.stderr.read()
        p.stdout.close(), p.stdin.close(), p.stderr.close()
        spans.append(time.monotonic() - t0)
    span = min(spans) * 1.2
    kills = attempts = 0
    while kills < RANDOM_KILLS:
        attempts += 1
        assert attempts < RANDOM_KILLS * 8, f"seed {SEED}: writes finish before the kill too often"
        before = _prepare(world, ix, rng.choice(["existing", "existing", "fresh", "leftovers"]))
        p, t0 = start()
        time.sleep(max(0.0, t0 + rng.uniform(0, span) - time.monotonic()))
        p.send_signal(signal.SIGKILL)
        rc = p.wait(60)
        p.stdout.close(), p.stdin.close(), p.stderr.close()
        if rc != -signal.SIGKILL:
            continue  # it had finished: not a kill
        kills += 1
        TABLE["random_kills"] += 1
        _survives(world, ix, before)
        TABLE["random_kills_survived"] += 1


def test_concurrent_writers_never_lose_a_commit(world):
    root = world["root"] / "concurrent"
    rng = random.Random(SEED + 1)
    for run in range(CONCURRENT_RUNS):
        ix = root / f"ix-{run}"
        before = set()
        if run % 2:
            shutil.copytree(world["base"], ix)
            before = set(world["old_ids"])
        folders = [_folder(root / f"run-{run}", tag, rng.randint(1, 4)) for tag in (f"w{run}a", f"w{run}b")]
        procs = []
        for f in folders:
            p = subprocess.Popen([sys.executable, "-c", DRIVER, "-q", "index", str(f), "--index", str(ix),
                                  "--encoder", "hash.v1"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, env=_env())
            assert p.stdout.readline().strip() == "go"
            procs.append(p)
        for p in procs:  # both start their read-modify-write together
            p.stdin.write("start\n")
            p.stdin.flush()
        results = [(p.wait(120), p.stderr.read()) for p in procs]
        for p in procs:
            p.stdout.close(), p.stdin.close(), p.stderr.close()
        final = _ids(ix) or set()
        TABLE["concurrent_runs"] += 1
        assert before <= final, f"run {run}: articles committed before both writers were lost"
        for f, (rc, err) in zip(folders, results):
            if rc == 0:
                lost = _ids_of(f) - final
                TABLE["commits_lost"] += bool(lost)
                assert not lost, f"run {run}: a writer exited 0 but its articles are gone"
            else:
                TABLE["concurrent_refused"] += 1
                lines = [line for line in err.splitlines() if line.strip()]
                assert rc in (2, 3) and len(lines) == 1 and lines[0].startswith("error:"), err


CORRUPTIONS = ["flip", "flip", "flip", "flip", "truncate", "empty", "delete", "append"]
# a flat segment (this tiny index) stores no claims.faiss; test_index_segments damages an ANN one
GEN_FILES = ["manifest.json", "seg-000001/articles.jsonl", "seg-000001/claims.jsonl", "seg-000001/vectors.f16.npy"]


def _corrupt(path: Path, how: str, rng: random.Random) -> None:
    if how == "delete":
        path.unlink()
        return
    data = bytearray(path.read_bytes())
    if how == "flip":
        i = rng.randrange(len(data))
        data[i] ^= rng.randrange(1, 256)
    elif how == "truncate":
        data = data[: len(data) // 2]
    elif how == "empty":
        data = bytearray()
    elif how == "append":
        data += bytes(rng.randrange(256) for _ in range(16))
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("name", GEN_FILES + ["CURRENT"])
def test_every_corruption_of_every_file_is_detected(world, name):
    rng = random.Random(SEED + hash(name) % 1000)
    runner = CliRunner()
    for k, how in enumerate(CORRUPTIONS):
        ix = world["root"] / f"corrupt-{name}-{k}"
        shutil.copytree(world["base"], ix)
        target = ix / name if name == "CURRENT" else ix / "gen-000001" / name
        _corrupt(target, how, rng)
        TABLE["corruptions"] += 1
        with pytest.raises(IndexError_) as err:
            ClaimIndex.open(ix)
        assert "damaged" in str(err.value) or "format" in str(err.value), err.value
        res = runner.invoke(app, ["search", "وزير الخارجية", "--index", str(ix)])
        assert res.exit_code == 3, (name, how, res.output)
        assert res.output.startswith("error:") and "Traceback" not in res.output
        TABLE["corruptions_detected"] += 1
        if name == "CURRENT":  # the generation is intact: --force brings all of it back
            fixed = runner.invoke(app, ["-q", "index", str(world["old"]), "--index", str(ix), "--force"])
            assert fixed.exit_code == 0, fixed.output
            assert _ids(ix) == world["old_ids"]
