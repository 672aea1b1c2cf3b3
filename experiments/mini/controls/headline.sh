#!/usr/bin/env bash
# EXPERIMENTS.md section 10 (issue 14): the headline pair SST-2 -> MRPC under the paper's optimiser
# beside today's AdamW, and the pooler's three placements, 10 seeds each (test = GLUE dev), with the
# committed combined distribution. Resumable.   Usage: experiments/mini/controls/headline.sh [jobs]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jobs="${1:-2}"
seeds=0,1,2,3,4,5,6,7,8,9
run() {
  local out="$1"; shift
  local start=$(date +%s)
  pnpm bench --original sst2 --task mrpc --seeds "$seeds" --jobs "$jobs" --out "$here/headline/$out" "$@"
  echo "headline $out: $(( $(date +%s) - start )) s wall ($(date -u +%FT%TZ), $(nproc) cores)" >>"$here/machine-time.log"
}
run adamw --methods flat,flat-matched,combined
run paper-optimizer --methods flat,flat-matched,combined --optimizer paper
run pooler-top --methods flat-matched,combined --pooler top
run pooler-frozen --methods flat-matched,combined --pooler frozen
