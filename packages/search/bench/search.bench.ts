/**
 * Sampling-quality benchmark of the samplers (issues 4 and 15): best value found (minimisation) after
 * 60 trials, median and quartiles over 10 seeds, on Branin, Hartmann-6 and three further standard
 * functions, beside Optuna 3.1 run in the same sitting through the anchor script
 * (/work/shared/anchors/optuna_bench.py; `optuna_extra_functions.py` adds the functions it lacks);
 * then the time one `ask()` plus its suggests takes with 200 finished trials in 10 dimensions.
 *
 *   pnpm --filter @lrdist/search bench              full run (a few minutes, GP dominates)
 *   pnpm --filter @lrdist/search bench --quick      3 seeds, fewer timing repetitions
 *   ... bench --only=tpe,tpe-mv                     a subset of samplers
 *   ... bench --functions=branin,hartmann6          a subset of functions
 *   ... bench --seeds=100 --trials=150              more seeds (tighter medians) or a longer budget
 *   ... bench --no-optuna                           skip Optuna and print the recorded anchors
 *
 * Optuna runs with $LRDIST_OPTUNA_PYTHON, else /usr/bin/python3, else python3 (the first that imports
 * optuna); the anchor script is $LRDIST_OPTUNA_ANCHOR or /work/shared/anchors/optuna_bench.py.
 * Quality figures are deterministic (seeded); timings depend on the machine and its load.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStudy } from '../src/study/create-study.js';
import type { Sampler } from '../src/samplers/sampler.js';
import { createRandomSampler } from '../src/samplers/random.js';
import { createTpeSampler } from '../src/samplers/tpe/tpe-sampler.js';
import { createGpSampler } from '../src/samplers/gp/gp-sampler.js';
import { createRng } from '../src/math/rng.js';
import { branin, hartmann6, rosenbrock, shiftedSphere, styblinskiTang } from './functions.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const quick = args.includes('--quick');
const only = flag('only')?.split(',');
const onlyFunctions = flag('functions')?.split(',');
const SEEDS = Number(flag('seeds') ?? (quick ? 3 : 10));
const TRIALS = Number(flag('trials') ?? 60);

const SAMPLERS: Record<string, (seed: number) => Sampler> = {
  random: (seed) => createRandomSampler({ seed }),
  tpe: (seed) => createTpeSampler({ seed }),
  'tpe-mv': (seed) => createTpeSampler({ seed, multivariate: true }),
  gp: (seed) => createGpSampler({ seed }),
};
/** Our samplers that the anchor script runs too, under the same names. */
const OPTUNA_SAMPLERS = new Set(['random', 'tpe', 'tpe-mv']);

interface BenchFunction {
  readonly bounds: readonly (readonly [number, number])[];
  readonly f: (x: readonly number[]) => number;
  readonly minimum: number;
  /** Defined in the shared anchor script itself (else in optuna_extra_functions.py). */
  readonly inAnchorScript: boolean;
}

const FUNCTIONS: Record<string, BenchFunction> = {
  branin: {
    bounds: [
      [-5, 10],
      [0, 15],
    ],
    f: (x) => branin(x[0]!, x[1]!),
    minimum: 0.397887,
    inAnchorScript: true,
  },
  hartmann6: { bounds: new Array(6).fill([0, 1] as const), f: hartmann6, minimum: -3.32237, inAnchorScript: true },
  sphere5: { bounds: new Array(5).fill([-5, 5] as const), f: shiftedSphere, minimum: 0, inAnchorScript: false },
  rosenbrock4: { bounds: new Array(4).fill([-5, 10] as const), f: rosenbrock, minimum: 0, inAnchorScript: false },
  'styblinski-tang4': { bounds: new Array(4).fill([-5, 5] as const), f: styblinskiTang, minimum: -156.66468, inAnchorScript: false },
};

type Quartiles = readonly [median: number, p25: number, p75: number];

/** Optuna 3.1 on this machine, 60 trials, 10 seeds (median, p25, p75): shown when Optuna cannot run now. */
const RECORDED_ANCHORS: Record<string, Record<string, Quartiles>> = {
  branin: { random: [1.2815, 0.7337, 2.0294], tpe: [0.5041, 0.439, 0.5782], 'tpe-mv': [0.5352, 0.4291, 0.6637] },
  hartmann6: { random: [-1.8784, -2.0059, -1.5351], tpe: [-2.7756, -2.9234, -2.7113], 'tpe-mv': [-3.0633, -3.1854, -2.9274] },
  sphere5: { random: [8.4358, 6.2886, 10.1093], tpe: [0.9068, 0.6437, 1.0998], 'tpe-mv': [0.6427, 0.5405, 1.2166] },
  rosenbrock4: { random: [2157.5557, 1086.5781, 4733.4449], tpe: [187.8358, 49.8031, 499.1965], 'tpe-mv': [161.1714, 37.0558, 363.9221] },
  'styblinski-tang4': {
    random: [-118.7681, -125.3482, -109.48],
    tpe: [-130.4321, -142.1362, -107.4834],
    'tpe-mv': [-135.303, -145.9353, -132.8106],
  },
};

const benchDir = dirname(fileURLToPath(import.meta.url));
const anchorScript = process.env.LRDIST_OPTUNA_ANCHOR ?? resolve(benchDir, '../../../../shared/anchors/optuna_bench.py');
const extraScript = join(benchDir, 'optuna_extra_functions.py');

/** The Python that imports optuna, or why Optuna cannot run. */
function findOptuna(): { python: string; version: string } | { skipped: string } {
  if (args.includes('--no-optuna')) return { skipped: '--no-optuna was given' };
  if (!existsSync(anchorScript)) return { skipped: `no anchor script at ${anchorScript}` };
  const candidates = [process.env.LRDIST_OPTUNA_PYTHON, '/usr/bin/python3', 'python3'].filter((p): p is string => !!p);
  for (const python of candidates) {
    const probe = spawnSync(python, ['-c', 'import optuna; print(optuna.__version__)'], { encoding: 'utf8' });
    if (probe.status === 0) return { python, version: probe.stdout.trim() };
  }
  return { skipped: `none of ${candidates.join(', ')} can import optuna` };
}

/** Runs the anchor script for one (function, sampler); resolves to its quartiles or an error text. */
function runOptuna(python: string, fname: string, sampler: string): Promise<Quartiles | string> {
  const fn = FUNCTIONS[fname] as BenchFunction;
  const script = fn.inAnchorScript ? [anchorScript] : [extraScript, anchorScript];
  const argv = ['-W', 'ignore', ...script, fname, String(TRIALS), String(SEEDS), sampler];
  return new Promise((done) => {
    const child = spawn(python, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', (e) => done(e.message));
    child.on('close', () => {
      const m = /median=(\S+) p25=(\S+) p75=(\S+)/.exec(out);
      done(m ? [Number(m[1]), Number(m[2]), Number(m[3])] : (out.trim().split('\n').pop() ?? 'no output'));
    });
  });
}

/** Runs `jobs` with at most `limit` at a time (the machine has two cores). */
function limited<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T>[] {
  let running = 0;
  const queue: (() => void)[] = [];
  return jobs.map(
    (job) =>
      new Promise<T>((done) => {
        const start = (): void => {
          running++;
          void job().then((v) => {
            running--;
            queue.shift()?.();
            done(v);
          });
        };
        if (running < limit) start();
        else queue.push(start);
      }),
  );
}

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
const fmtQuartiles = (q: Quartiles): string => `${q[0].toFixed(4)} (${q[1].toFixed(4)}, ${q[2].toFixed(4)})`;

async function main(): Promise<void> {
  const names = Object.keys(SAMPLERS).filter((n) => only === undefined || only.includes(n));
  const fnames = Object.keys(FUNCTIONS).filter((f) => onlyFunctions === undefined || onlyFunctions.includes(f));
  const optuna = findOptuna();
  // Optuna runs in child processes beside our own runs; each (function, sampler) is one process.
  const optunaRuns = new Map<string, Promise<Quartiles | string>>();
  if ('python' in optuna) {
    const keys = fnames.flatMap((f) => names.filter((n) => OPTUNA_SAMPLERS.has(n)).map((n) => [f, n] as const));
    const runs = limited(
      keys.map(
        ([f, n]) =>
          () =>
            runOptuna(optuna.python, f, n),
      ),
      2,
    );
    keys.forEach(([f, n], i) => optunaRuns.set(`${f}/${n}`, runs[i]!));
  }
  console.log(`# @lrdist/search sampling quality: ${TRIALS} trials, ${SEEDS} seeds (best value found; minimisation)`);
  console.log('');
  if ('python' in optuna) {
    console.log(`Optuna ${optuna.version} (${optuna.python}) run now with the same trials and seeds.`);
  } else {
    const recordedApply = TRIALS === 60 && SEEDS === 10;
    console.log(
      `Optuna skipped: ${optuna.skipped}; ${recordedApply ? 'recorded figures (Optuna 3.1, 60 trials, 10 seeds) instead' : 'no recorded figures for these trials and seeds'}.`,
    );
  }
  console.log('');
  const rows: { fname: string; name: string; ours: Quartiles; seconds: number }[] = [];
  for (const fname of fnames) {
    const fn = FUNCTIONS[fname] as BenchFunction;
    for (const name of names) {
      const t0 = performance.now();
      const bests: number[] = [];
      for (let seed = 0; seed < SEEDS; seed++) {
        bests.push(await bestValue((SAMPLERS[name] as (s: number) => Sampler)(seed), fn));
        // Let the Optuna processes' events through (the loop above never waits on I/O).
        await new Promise((r) => setImmediate(r));
      }
      rows.push({ fname, name, ours: quartiles(bests), seconds: (performance.now() - t0) / 1000 });
    }
  }
  console.log('| function | sampler | median | p25 | p75 | Optuna median (p25, p75) | ours - Optuna (median) | time |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const { fname, name, ours, seconds } of rows) {
    const run = optunaRuns.get(`${fname}/${name}`);
    const recorded = !('python' in optuna) && TRIALS === 60 && SEEDS === 10 ? RECORDED_ANCHORS[fname]?.[name] : undefined;
    const anchor = run !== undefined ? await run : recorded;
    const anchorText = anchor === undefined ? '-' : typeof anchor === 'string' ? `failed: ${anchor}` : fmtQuartiles(anchor);
    const delta = anchor === undefined || typeof anchor === 'string' ? '-' : (ours[0] - anchor[0]).toFixed(4);
    const f = `${fname} (min ${(FUNCTIONS[fname] as BenchFunction).minimum})`;
    console.log(
      `| ${f} | ${name} | ${fmt(ours[0])} | ${fmt(ours[1])} | ${fmt(ours[2])} | ${anchorText} | ${delta} | ${seconds.toFixed(1)} s |`,
    );
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
