import { mkdtemp } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProgressDisplay } from '../progress/progress-display.js';
import { ResultsStore } from '../results/results-store.js';
import type { BenchJob, BenchJobResult } from './jobs.js';
import { planMethods } from '@lrdist/protocol';
import { numericsOf, phaseAKeyFor, runBenchmark, setupConfig, type BenchPool, type BenchSetup } from './run-benchmark.js';

const score = (v: number) => ({ headline: v, metrics: { accuracy: v } });

async function setupFor(dir: string, methods: ('flat' | 'ewc' | 'llrd')[], seeds: number[]): Promise<BenchSetup> {
  const plans = planMethods({ methods, layers: 4, flatLr: 1e-4, llrdXi: 0.8, ewcLambda: 10, combined: null });
  return {
    source: { kind: 'random', spec: 'mini-random', id: 'mini-random', preset: 'mini' },
    taskA: 'sst2',
    taskB: 'mrpc',
    protocol: 'b-only',
    seeds,
    plans,
    phaseALrs: plans[0]!.lrs,
    data: { cwd: dir, dataSeed: 0, maxTrain: 10, maxEval: 10, maxSeqLength: 32 },
    epochs: 1,
    batchSize: 4,
    warmupFraction: 0.1,
    cacheDir: join(dir, 'cache'),
    jobs: 2,
  };
}

/** A pool that answers jobs without training: phase B of `failing` methods fails like a NaN loss. */
function fakePool(failing: string): BenchPool & { jobs: BenchJob[] } {
  const jobs: BenchJob[] = [];
  return {
    jobs,
    run: async (job: BenchJob): Promise<BenchJobResult> => {
      jobs.push(job);
      if (job.kind === 'phase-a')
        return { kind: 'phase-a', dir: `/a/${job.key.seed}`, pA: score(0.9), pAValidation: score(0.88), seconds: 1 };
      if (job.label.startsWith(failing)) throw new Error('training loss must be finite, got NaN at step 3');
      return { kind: 'phase-b', pO: score(0.8), pS: score(0.7), stopped: false, seconds: 1 };
    },
  };
}

describe('runBenchmark', () => {
  it('records a failed cell with its reason and goes on; one phase A per seed serves every method', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'run-bench-'));
    const setup = await setupFor(dir, ['flat', 'ewc', 'llrd'], [0, 1]);
    const store = await ResultsStore.open({ dir, config: setupConfig(setup), environment: {} });
    const pool = fakePool('ewc');
    const outcome = await runBenchmark({
      setup,
      store,
      display: new ProgressDisplay({ enabled: false, stream: new PassThrough() as unknown as NodeJS.WriteStream }),
      signal: new AbortController().signal,
      pool,
    });
    expect(outcome).toEqual({ recorded: 6, skipped: 0, failed: 2, interrupted: false });
    expect(store.cells.filter((c) => c.status === 'failed').map((c) => [c.method, c.error])).toEqual([
      ['ewc', 'training loss must be finite, got NaN at step 3'],
      ['ewc', 'training loss must be finite, got NaN at step 3'],
    ]);
    expect(pool.jobs.filter((j) => j.kind === 'phase-a')).toHaveLength(2);
    const ewcJob = pool.jobs.find((j) => j.kind === 'phase-b' && j.label.startsWith('ewc'));
    expect(ewcJob).toMatchObject({ ewcLambda: 10, split: 'test' });
  });

  it('retries only failed cells when resumed, and starts nothing once aborted', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'run-bench-'));
    const setup = await setupFor(dir, ['flat', 'ewc'], [0]);
    const store = await ResultsStore.open({ dir, config: setupConfig(setup), environment: {} });
    const quiet = new ProgressDisplay({ enabled: false, stream: new PassThrough() as unknown as NodeJS.WriteStream });
    await runBenchmark({ setup, store, display: quiet, signal: new AbortController().signal, pool: fakePool('ewc') });
    const again = fakePool('none');
    const outcome = await runBenchmark({ setup, store, display: quiet, signal: new AbortController().signal, pool: again });
    expect(outcome).toMatchObject({ recorded: 1, skipped: 1, failed: 0 });
    expect(again.jobs.filter((j) => j.kind === 'phase-b').map((j) => j.label)).toEqual(['ewc seed 0']);
    const aborted = new AbortController();
    aborted.abort();
    const none = fakePool('none');
    const stopped = await runBenchmark({ setup: { ...setup, seeds: [5] }, store, display: quiet, signal: aborted.signal, pool: none });
    expect(stopped).toMatchObject({ recorded: 0, interrupted: true });
    expect(none.jobs).toEqual([]);
  });
});

describe('numerics', () => {
  it('keys results and phase A by the arithmetic only when it is not XNNPACK on wasm (older results stay valid)', async () => {
    const wasm = {
      choice: 'wasm',
      tfBackend: 'wasm',
      description: 'wasm; GEMM: XNNPACK',
      skipped: [],
      gemm: { path: 'wasm', description: 'XNNPACK' },
    } as const;
    const native = {
      ...wasm,
      description: 'wasm; GEMM: OpenBLAS 0.3.21 native',
      gemm: { path: 'native', description: 'OpenBLAS' },
    } as const;
    const cpu = { choice: 'cpu', tfBackend: 'cpu', description: 'cpu (plain JavaScript)', skipped: [] } as const;
    expect(numericsOf(wasm)).toBeUndefined();
    expect(numericsOf(native)).toBe('wasm; GEMM: OpenBLAS 0.3.21 native');
    expect(numericsOf(cpu)).toBe('cpu (plain JavaScript)');
    const base = await setupFor('/tmp/unused', ['flat'], [0]);
    const withNative = { ...base, numerics: 'wasm; GEMM: OpenBLAS 0.3.21 native' };
    expect(setupConfig(base)).not.toHaveProperty('numerics');
    expect(setupConfig(withNative)['numerics']).toBe('wasm; GEMM: OpenBLAS 0.3.21 native');
    const plan = base.plans[0]!;
    expect(phaseAKeyFor(base, plan, 0)).not.toHaveProperty('numerics');
    expect(phaseAKeyFor(withNative, plan, 0).numerics).toBe('wasm; GEMM: OpenBLAS 0.3.21 native');
  });
});
