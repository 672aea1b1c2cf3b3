/**
 * Time of `getParamImportances` (fANOVA, 64 trees of depth <= 64) on random-search studies of
 * 100 to 1000 trials in 10 parameters (floats, log floats, ints and 3-way categoricals), median
 * of 5 runs each after a warm-up. For comparison, Optuna 3.1's evaluator took 1 to 1.7 s for ~100
 * trials of 3 to 5 parameters (test/fixtures/importance/importance-reference.json).
 *
 *   node --import tsx bench/importance.bench.ts
 */
import {
  categoricalDistribution,
  floatDistribution,
  intDistribution,
  type ParamDistribution,
  type ParamValue,
} from '../src/distributions/distributions.js';
import { getParamImportances } from '../src/importance/param-importances.js';
import { createRng } from '../src/math/rng.js';
import { sampleUniform } from '../src/samplers/random.js';
import type { FrozenTrial } from '../src/trial/frozen-trial.js';
import { frozenTrial } from '../test/helpers/trials.js';

const space: Record<string, ParamDistribution> = Object.fromEntries(
  Array.from({ length: 10 }, (_, i) => [
    `p${i}`,
    i % 4 === 3
      ? categoricalDistribution(['a', 'b', 'c'])
      : i % 4 === 2
        ? intDistribution(1, 32)
        : floatDistribution(1e-4, 1, { log: i % 4 === 1 }),
  ]),
);

function objective(p: Record<string, ParamValue>): number {
  return (
    (p.p0 as number) ** 2 +
    Math.log10(p.p1 as number) / 4 +
    (p.p2 as number) / 64 +
    (p.p3 === 'b' ? 0.3 : 0) +
    (p.p4 as number) * (p.p5 as number)
  );
}

function trials(n: number): FrozenTrial[] {
  const rng = createRng(n);
  return Array.from({ length: n }, (_, number) => {
    const params = Object.fromEntries(Object.entries(space).map(([k, d]) => [k, sampleUniform(rng, d)]));
    return frozenTrial({ number, values: [objective(params)], params, distributions: space });
  });
}

for (const n of [100, 200, 500, 1000]) {
  const data = trials(n);
  getParamImportances(data);
  const times: number[] = [];
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    getParamImportances(data, { seed: run });
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${String(n).padStart(5)} trials x 10 params: median ${(times[2] as number).toFixed(0)} ms (min ${(times[0] as number).toFixed(0)}, max ${(times[4] as number).toFixed(0)})`,
  );
}
