import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgresCluster, type PostgresCluster } from '@lrdist/search/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CellQueue, openCellQueue, type QueuedRun } from '../src/distributed/cell-queue.js';
import { type CellRow, RUN_SPEC_VERSION } from '../src/distributed/schemas.js';
import { glueDir, results, runCli, startCli, TINY_CAPS } from './cli-harness.js';

let cluster: PostgresCluster;
let storage: string;
let queue: CellQueue;

beforeAll(async () => {
  cluster = await startPostgresCluster();
  storage = cluster.connectionString.replace(/^postgres:/, 'postgresql:');
  queue = await openCellQueue({ connectionString: storage });
}, 60_000);
afterAll(async () => {
  await queue?.close();
  await cluster?.stop();
});

/** Polls `probe` until it returns something, or fails after `timeoutMs`. */
async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = await probe();
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Four cells on a pair at tiny caps: a cell takes seconds; phase A is trained on each machine that needs it. */
const coordinatorArgs = (out: string, cache: string, run: string, methods = 'flat,ewc'): string[] => [
  'run',
  '--task',
  'rte',
  '--original',
  'mrpc',
  '--methods',
  methods,
  '--seeds',
  '0,1',
  // The untrained encoder has no MLM head to probe: a cell is training and scoring alone.
  '--model',
  'mini-random',
  ...TINY_CAPS,
  '--jobs',
  '1',
  '--data-dir',
  glueDir(),
  '--out',
  out,
  '--cache-dir',
  cache,
  '--storage',
  storage,
  '--run-name',
  run,
  // Long: the killed worker's cell must come back because its process is gone, not because it went quiet.
  '--heartbeat-timeout',
  '600',
  '--json',
];

const workerArgs = (cache: string, run: string): string[] => [
  'worker',
  '--run',
  run,
  '--storage',
  storage,
  '--data-dir',
  glueDir(),
  '--cache-dir',
  cache,
  '--jobs',
  '1',
];

const heldBy = (pid: number | undefined) => (c: CellRow) => c.state === 'running' && c.worker_id?.split(':')[1] === String(pid);

describe('a distributed run over PostgreSQL (throwaway cluster, real processes)', () => {
  it('a coordinator and two workers share the cells; a worker SIGKILLed mid-cell loses none and none is recorded twice', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-distributed-'));
    const out = join(dir, 'out');
    const coordinator = startCli(coordinatorArgs(out, join(dir, 'cache-coordinator'), 'tiny'));
    // Workers join once the run is published (before, it does not exist for them).
    await until('the run to be published', async () => ((await queue.findRun('tiny')) === null ? undefined : true));
    expect(await queue.cells('tiny')).toHaveLength(4);
    const doomed = startCli(workerArgs(join(dir, 'cache-doomed'), 'tiny'));
    const live = startCli(workerArgs(join(dir, 'cache-live'), 'tiny'));

    // Killed while it holds a cell: with its own empty cache, phase A alone takes it seconds.
    const held = await until('the doomed worker to take a cell', async () => (await queue.cells('tiny')).find(heldBy(doomed.child.pid)));
    doomed.child.kill('SIGKILL');
    expect((await doomed.done).signal).toBe('SIGKILL');

    const [ran, joined] = await Promise.all([coordinator.done, live.done]);
    expect(ran.code, ran.stderr).toBe(0);
    expect(joined.code, joined.stderr).toBe(0);

    // In the queue: every cell complete, each recorded once; the killed worker's cell ran again under a new claim.
    const cells = await queue.cells('tiny');
    expect(cells.map((c) => [c.state, c.completions])).toEqual(cells.map(() => ['complete', 1]));
    const rerun = cells.find((c) => c.key === held.key)!;
    expect(rerun.attempt).toBeGreaterThanOrEqual(2);
    expect(rerun.worker_id?.split(':')[1]).not.toBe(String(doomed.child.pid));
    // The work was shared: the live worker ran cells, and so did the coordinator.
    expect(joined.stdout).toMatch(/^worker: ran [1-9]\d* cells of run 'tiny' \(0 failed, 0 dropped\); nothing left to take\n$/);
    expect(cells.some((c) => c.worker_id?.split(':')[1] === String(coordinator.child.pid))).toBe(true);
    // Found at once by whichever process of this machine looked first (the heartbeat timeout is 10 minutes).
    expect(ran.stderr + joined.stderr).toContain(`cell ${held.key}: its holder ${held.worker_id} stopped answering; the cell waits again`);

    // results.json as a one-machine run writes it: every cell once, complete, with its figures.
    const file = await results(out);
    expect(file.cells.map((c) => `${c.method}/seed${c.seed}`).sort()).toEqual(cells.map((c) => c.key).sort());
    for (const c of file.cells) {
      expect(c.status).toBe('complete');
      for (const p of [c.pA!, c.pO!, c.pS!]) expect(p.headline).toBeGreaterThanOrEqual(0);
    }
    for (const c of file.cells) expect(ran.stderr.split(`cell ${c.method} seed ${c.seed}: p_o`)).toHaveLength(2);
    for (const f of ['report.md', 'report.html']) expect(existsSync(join(out, f))).toBe(true);

    // The same command again reconnects to the run: every cell comes from the queue, none runs again.
    const again = await runCli(coordinatorArgs(join(dir, 'out-again'), join(dir, 'cache-again'), 'tiny'));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toMatch(/: taken/);
    const reread = await results(join(dir, 'out-again'));
    expect(reread.cells.map((c) => [c.method, c.seed, c.pO])).toEqual(
      expect.arrayContaining(file.cells.map((c) => [c.method, c.seed, c.pO])),
    );
    expect(reread.cells).toHaveLength(4);
    expect(reread.config).toEqual(file.config);
  });

  it('spreads the cells of a task stream the same way', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-distributed-stream-'));
    const out = join(dir, 'out');
    const stream = startCli([
      'sequence',
      '--tasks',
      'mrpc,rte',
      '--methods',
      'flat,l2sp',
      '--seeds',
      '0',
      '--model',
      'mini-random',
      ...TINY_CAPS,
      '--jobs',
      '1',
      '--data-dir',
      glueDir(),
      '--out',
      out,
      '--storage',
      storage,
      '--run-name',
      'stream',
    ]);
    await until('the stream run to be published', async () => ((await queue.findRun('stream')) === null ? undefined : true));
    const worker = await runCli(workerArgs(join(dir, 'cache'), 'stream'));
    const done = await stream.done;
    expect(done.code, done.stderr).toBe(0);
    expect(worker.code, worker.stderr).toBe(0);
    const cells = await queue.cells('stream');
    expect(cells.map((c) => [c.key, c.state, c.completions])).toEqual([
      ['flat/seed0', 'complete', 1],
      ['l2sp/seed0', 'complete', 1],
    ]);
    const file = await results(out);
    expect(file.config['kind']).toBe('sequence');
    expect(file.cells.map((c) => [c.method, c.status, c.stream?.tasks, c.stream?.r.length])).toEqual(
      expect.arrayContaining([
        ['flat', 'complete', ['mrpc', 'rte'], 2],
        ['l2sp', 'complete', ['mrpc', 'rte'], 2],
      ]),
    );
    expect(done.stdout).toContain('2 cells measured, 0 resumed, 0 failed');
  });

  it('refuses in one line a run that does not exist and a run made by another configuration', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-distributed-bad-'));
    const missing = await runCli(workerArgs(join(dir, 'cache'), 'nobody'));
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe(
      `lrdist-bench worker: run 'nobody' does not exist at ${storage}; start it with \`pnpm bench run|evaluate|sequence ... --storage URL --run-name nobody\``,
    );
    // A run of that name made by another configuration (more seeds would be the same run, extended; other methods are another).
    await queue.publish(
      {
        name: 'taken',
        config: { methods: ['llrd'] },
        configHash: 'another',
        heartbeatTimeoutS: 60,
        spec: {
          version: RUN_SPEC_VERSION,
          kind: 'pair',
          model: 'mini',
          modelId: 'mini@000000000000',
          data: { dataSeed: 0, maxTrain: 48, maxEval: 32, maxSeqLength: 128, tasks: {} },
          training: { protocol: 'b-only', epochs: 1, batchSize: 16, warmupFraction: 0.1 },
        },
      },
      [],
    );
    const other = await runCli(coordinatorArgs(join(dir, 'out'), join(dir, 'cache'), 'taken'));
    expect(other.code).toBe(1);
    // Its last line (the lines before are the run's own log): refused before any cell.
    expect(other.stderr.trim().split('\n').at(-1)).toMatch(
      /^lrdist-bench run: run 'taken' was made by another configuration \(hash another, this one \w+\); use another --run-name, or the command that made it$/,
    );
    // A worker whose data or model weights differ from the run's refuses before any work.
    const spec = (await queue.getRun('taken')).spec;
    const foreign = (name: string, change: Partial<typeof spec>): QueuedRun => ({
      name,
      config: {},
      configHash: name,
      heartbeatTimeoutS: 60,
      spec: { ...spec, model: 'mini-random', modelId: 'mini-random', ...change },
    });
    await queue.publish(foreign('other-data', { data: { ...spec.data, tasks: { rte: 'f'.repeat(64) } } }), []);
    await queue.publish(foreign('other-model', { modelId: 'mini-random@elsewhere' }), []);
    const otherData = await runCli(workerArgs(join(dir, 'cache'), 'other-data'));
    expect(otherData.code).toBe(1);
    expect(otherData.stderr.trim()).toMatch(
      /^lrdist-bench worker: this machine's rte data \(.*, sha256 [0-9a-f]{12}\) differs from the data of run 'other-data' \(sha256 ffffffffffff\); pass --data-dir a folder with the same GLUE files$/,
    );
    const otherModel = await runCli(workerArgs(join(dir, 'cache'), 'other-model'));
    expect([otherModel.code, otherModel.stderr.trim()]).toEqual([
      1,
      "lrdist-bench worker: this machine's mini-random is mini-random, run 'other-model' was made with mini-random@elsewhere; install the same weights first",
    ]);
    const unreachable = await runCli(['worker', '--run', 'tiny', '--storage', 'postgresql://bench@127.0.0.1:1/lrdist']);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr.trim()).toMatch(
      /^lrdist-bench worker: PostgreSQL at postgresql:\/\/bench@127\.0\.0\.1:1\/lrdist: cannot open the run tables: .*ECONNREFUSED.*$/,
    );
    const half = await runCli(['run', '--task', 'rte', '--run-name', 'x']);
    expect([half.code, half.stderr.trim()]).toEqual([
      2,
      'lrdist-bench run: --run-name needs --storage: the PostgreSQL the run lives in (e.g. --storage postgresql://bench@db-host/lrdist)',
    ]);
  });
});
