/**
 * Sampling-quality benchmark of the samplers (issue 4): best value found on Branin and Hartmann-6
 * (minimisation) after 60 trials, median and quartiles over 10 seeds, beside Optuna 3.1's anchors
 * (../shared/anchors/optuna_bench.py on this machine); then the time one `ask()` plus its suggests
 * takes with 200 finished trials in 10 dimensions.
 *
 *   pnpm --filter @lrdist/search bench            full run (a few minutes, GP dominates)
 *   pnpm --filter @lrdist/search bench --quick    3 seeds, fewer timing repetitions
 *   ... bench --only=tpe,gp                       a subset of samplers
 *
 * Quality figures are deterministic (seeded); timings depend on the machine and its load.
 */
import { createStudy } from '../src/study/create-study.js';
import type { Sampler } from '../src/samplers/sampler.js';
import { createRandomSampler } from '../src/samplers/random.js';
import { createTpeSampler } from '../src/samplers/tpe/tpe-sampler.js';
import { createGpSampler } from '../src/samplers/gp/gp-sampler.js';
import { createRng } from '../src/math/rng.js';
import { branin, hartmann6 } from './functions.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const SEEDS = quick ? 3 : 10;
const TRIALS = 60;

const SAMPLERS: Record<string, (seed: number) => Sampler> = {
  random: (seed) => createRandomSampler({ seed }),
  tpe: (seed) => createTpeSampler({ seed }),
  'tpe-mv': (seed) => createTpeSampler({ seed, multivariate: true }),
  gp: (seed) => createGpSampler({ seed }),
};

interface BenchFunction {
  readonly bounds: readonly (readonly [number, number])[];
  readonly f: (x: readonly number[]) => number;
  readonly minimum: number;
}

const FUNCTIONS: Record<string, BenchFunction> = {
  branin: { bounds: [[-5, 10], [0, 15]], f: (x) => branin(x[0]!, x[1]!), minimum: 0.397887 },
  hartmann6: { bounds: new Array(6).fill([0, 1] as const), f: hartmann6, minimum: -3.32237 },
};

/** Optuna 3.1 on this machine, 60 trials, 10 seeds (median, p25, p75); `optuna_bench.py FUNC 60 10 SAMPLER`. */
const ANCHORS: Record<string, Record<string, readonly [number, number, number]>> = {
  branin: { random: [1.2815, 0.7337, 2.0294], tpe: [0.5041, 0.439, 0.5782], 'tpe-mv': [0.5352, 0.4291, 0.6637] },
  hartmann6: { random: [-1.8784, -2.0059, -1.5351], tpe: [-2.7756, -2.9234, -2.7113], 'tpe-mv': [-3.0633, -3.1854, -2.9274] },
};

/** Median and quartiles as Python's `statistics.quantiles(n=4)` (exclusive method), like the anchor script. */
function quartiles(values: readonly number[]): [number, number, number] {
  const xs = [...values].sort((a, b) => a - b);
  const n = xs.length;
  const at = (q: number): number => {
    if (n === 1) return xs[0]!;
    const pos = q * (n + 1);
    const j = Math.min(Math.max(Math.floor(pos), 1), n - 1);
    const frac = pos - j;
    return xs[j - 1]! + frac * (xs[j]! - xs[j - 1]!);
  };
  const median = n % 2 ? xs[(n - 1) / 2]! : (xs[n / 2 - 1]! + xs[n / 2]!) / 2;
  return [median, at(0.25), at(0.75)];
}

async function bestValue(sampler: Sampler, fn: BenchFunction): Promise<number> {
  const study = await createStudy({ sampler, direction: 'minimize' });
  let best = Infinity;
  for (let i = 0; i < TRIALS; i++) {
    const trial = await study.ask();
    const x = fn.bounds.map(([lo, hi], k) => trial.suggestFloat(`x${k}`, lo, hi));
    const value = fn.f(x);
    await study.tell(trial, value);
    best = Math.min(best, value);
  }
  return best;
}

/** Median milliseconds of ask() + 10 suggests with 200 finished trials in [0, 1]^10. */
async function askTime(sampler: Sampler, reps: number): Promise<number> {
  const study = await createStudy({ sampler, direction: 'minimize' });
  const rng = createRng(2024);
  const objective = (x: readonly number[]): number => x.reduce((s, v, k) => s + (k + 1) * (v - 0.3) ** 2, 0);
  for (let i = 0; i < 200; i++) {
    const params = Object.fromEntries(Array.from({ length: 10 }, (_, k) => [`x${k}`, rng.uniform()]));
    await study.enqueueTrial(params);
    const trial = await study.ask();
    const x = Array.from({ length: 10 }, (_, k) => trial.suggestFloat(`x${k}`, 0, 1));
    await study.tell(trial, objective(x));
  }
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    const trial = await study.ask();
    const x = Array.from({ length: 10 }, (_, k) => trial.suggestFloat(`x${k}`, 0, 1));
    times.push(performance.now() - t0);
    await study.tell(trial, objective(x));
  }
  return quartiles(times)[0];
}

const fmt = (v: number): string => v.toFixed(4).padStart(8);

async function main(): Promise<void> {
  const names = Object.keys(SAMPLERS).filter((n) => only === undefined || only.includes(n));
  console.log(`# @lrdist/search sampling quality: ${TRIALS} trials, ${SEEDS} seeds (best value found; minimisation)`);
  console.log('');
  console.log('| function | sampler | median | p25 | p75 | Optuna 3.1 median (p25, p75) | time |');
  console.log('|---|---|---|---|---|---|---|');
  for (const [fname, fn] of Object.entries(FUNCTIONS)) {
    for (const name of names) {
      const t0 = performance.now();
      const bests: number[] = [];
      for (let seed = 0; seed < SEEDS; seed++) bests.push(await bestValue((SAMPLERS[name] as (s: number) => Sampler)(seed), fn));
      const [median, p25, p75] = quartiles(bests);
      const anchor = ANCHORS[fname]?.[name];
      const anchorText = anchor ? `${anchor[0].toFixed(4)} (${anchor[1].toFixed(4)}, ${anchor[2].toFixed(4)})` : '-';
      console.log(`| ${fname} (min ${fn.minimum}) | ${name} | ${fmt(median)} | ${fmt(p25)} | ${fmt(p75)} | ${anchorText} | ${((performance.now() - t0) / 1000).toFixed(1)} s |`);
    }
  }
  console.log('');
  console.log('# ask() + 10 suggests with 200 finished trials in 10 dimensions (median ms; noisy on a shared machine)');
  console.log('');
  console.log('| sampler | median ms | goal |');
  console.log('|---|---|---|');
  const goals: Record<string, string> = { tpe: '< 20 ms', 'tpe-mv': '< 20 ms', gp: '< 500 ms' };
  for (const name of names) {
    const reps = name === 'gp' ? (quick ? 3 : 7) : quick ? 10 : 30;
    const ms = await askTime((SAMPLERS[name] as (s: number) => Sampler)(1), reps);
    console.log(`| ${name} | ${ms.toFixed(1)} | ${goals[name] ?? '-'} |`);
  }
}

await main();
