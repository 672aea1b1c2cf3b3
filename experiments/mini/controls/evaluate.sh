#!/usr/bin/env bash
# EXPERIMENTS.md section 10 (issue 14), after searches.sh: combine each space's four studies, then
# evaluate the combined distribution against every control on the four pairs no search saw,
# 10 seeds each (test = GLUE dev). Resumable: run it again and finished cells are kept.
# Usage: experiments/mini/controls/evaluate.sh   (from the repository root)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
studies() { echo "sst2-mrpc-mini-$1,mrpc-sst2-mini-$1,cola-sst2-mini-$1,sst2-cola-mini-$1"; }
pnpm bench combine --studies "$(studies groups)" --storage "journal:$here/studies.jsonl" --out "$here/combined.json"
pnpm bench combine --studies "$(studies flat)" --storage "journal:$here/studies.jsonl" --out "$root/distributions/mini-flat-searched.json"
pnpm bench combine --studies "$(studies two-group)" --storage "journal:$here/studies.jsonl" --out "$root/distributions/mini-two-group.json"
for pair in rte:cola mrpc:rte cola:rte rte:mrpc; do
  a="${pair%%:*}"; b="${pair##*:}"
  start=$(date +%s)
  pnpm bench evaluate --distribution "$here/combined.json" --original "$a" --task "$b" \
    --methods flat,flat-matched,flat-searched,two-group,ewc,combined --seeds 0,1,2,3,4,5,6,7,8,9 \
    --jobs 2 --out "$here/unseen/$a-$b"
  echo "evaluate $a -> $b: $(( $(date +%s) - start )) s wall ($(date -u +%FT%TZ), $(nproc) cores)" >>"$here/machine-time.log"
done
node "$root/scripts/experiments-table.mjs" "$here"/unseen/{rte-cola,mrpc-rte,cola-rte,rte-mrpc}/results.json
