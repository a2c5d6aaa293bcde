#!/usr/bin/env bash
# Submits a sharded eval as a Slurm job array of SHARDS tasks and the merge that waits for all of them.
#   EDQA_ROOT=$PWD SHARDS=8 EDQA_MODEL_NAME=resnet20 EDQA_EVAL_ARGS="--model models/resnet20.bin --runs 5" deploy/slurm/submit.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
: "${SHARDS:?set SHARDS, the number of array tasks}"
export EDQA_ROOT EDQA_EVAL_ARGS EDQA_RESULTS EDQA_MODEL_NAME SHARDS
array=$(sbatch --parsable --export=ALL --array=0-$((SHARDS - 1)) "$here/eval-array.sbatch")
sbatch --export=ALL --dependency=afterok:"${array%%;*}" "$here/merge.sbatch"
