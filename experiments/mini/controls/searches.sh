#!/usr/bin/env bash
# The twelve searches of EXPERIMENTS.md section 10 (issue 14): per-group, flat and two-group spaces on
# the four searched pairs, 60 trials each, ASHA on the first seed, survivors scored as the mean over
# training seeds 0, 1, 2. Resumable: run it again and each study continues where it stopped.
# Usage: experiments/mini/controls/searches.sh [space ...]   (default: groups flat two-group)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
spaces=("$@")
[ $# -eq 0 ] && spaces=(groups flat two-group)
for space in "${spaces[@]}"; do
  for pair in sst2:mrpc mrpc:sst2 cola:sst2 sst2:cola; do
    a="${pair%%:*}"; b="${pair##*:}"
    start=$(date +%s)
    pnpm bench search --original "$a" --task "$b" --space "$space" --trials 60 --seeds-per-trial 3 \
      --sampler gp --pruner asha --objective sum --jobs 2 \
      --study "$a-$b-mini-$space" --storage "journal:$here/studies.jsonl" --out "$here/studies"
    echo "$a -> $b $space: $(( $(date +%s) - start )) s wall ($(date -u +%FT%TZ), $(nproc) cores)" >>"$here/machine-time.log"
  done
done
