"""Peak memory of `claimcheck index` on big inputs, printed as a table.

    python bench/reliability_mem.py [--data DIR]

Builds two inputs once (in DIR, default /tmp/claimcheck-mem): one 15 MB article
without line breaks between its sentences, and an 18 MB JSONL of 2,000
articles; indexes each in a fresh index with the deterministic ``hash.v1``
encoder, the size bound raised so the big article is read, and reports peak
RSS (``/usr/bin/time``) and wall time. Compare two versions of the code by
running it with ``PYTHONPATH`` pointing at each checkout, in one session.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SENTENCE = "وقال المصدر إن حكومة الجزائر أعلنت اليوم القرار رقم {i} بعد اجتماع طويل مع وفد تونس. "


def inputs(root: Path) -> list[Path]:
    root.mkdir(parents=True, exist_ok=True)
    big, many = root / "big15.txt", root / "many.jsonl"
    if not big.exists():
        one = "".join(SENTENCE.format(i=i) for i in range(10_000))
        big.write_text("عنوان\n" + one * 10, "utf-8")
    if not many.exists():
        with open(many, "w", encoding="utf-8") as f:
            for a in range(2000):
                text = "".join(SENTENCE.format(i=a * 100 + i) for i in range(60))
                f.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
    return [big, many]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "claimcheck-mem")
    args = ap.parse_args()
    rows = []
    env = {**os.environ, "CLAIMCHECK_MAX_ARTICLE_BYTES": str(10**9)}
    for p in inputs(args.data):
        ix = Path(tempfile.mkdtemp()) / "ix"
        t = time.perf_counter()
        r = subprocess.run(["/usr/bin/time", "-f", "%M", sys.executable, "-m", "claimcheck", "-q", "index", str(p),
                            "--index", str(ix), "--encoder", "hash.v1"], capture_output=True, text=True, env=env)
        wall = time.perf_counter() - t
        peak_mb = int(r.stderr.strip().splitlines()[-1]) / 1024
        rows.append((p.name, p.stat().st_size / 1e6, peak_mb, wall, r.returncode))
    print("| input | MB | peak RSS MB | RSS / input | wall s | exit |")
    print("|---|---|---|---|---|---|")
    for name, mb, peak, wall, rc in rows:
        print(f"| {name} | {mb:.1f} | {peak:.0f} | {peak / mb:.0f}x | {wall:.1f} | {rc} |")


if __name__ == "__main__":
    main()
