import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { loadPg, localWorkerGone } from '@lrdist/search';
import { startPostgresCluster, type PostgresCluster } from '@lrdist/search/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunMismatchError, RunNotFoundError, RunQueueError } from '../errors.js';
import type { SequenceCellWork } from './cell-work.js';
import { type CellQueue, type NewCell, openCellQueue, type QueuedRun } from './cell-queue.js';
import { RUN_SPEC_VERSION } from './schemas.js';

let cluster: PostgresCluster;
let schemas = 0;
const open: CellQueue[] = [];

beforeAll(async () => {
  cluster = await startPostgresCluster();
}, 60_000);
afterAll(async () => {
  await Promise.all(open.map((q) => q.close()));
  await cluster?.stop();
});

/** A queue on a schema of its own (each test its own tables); `again` opens a second connection pool on the same schema. */
async function queues(): Promise<{ queue: CellQueue; again: () => Promise<CellQueue>; schema: string }> {
  const schema = `cells_${schemas++}`;
  const make = async (): Promise<CellQueue> => {
    const q = await openCellQueue({ connectionString: cluster.connectionString, schema });
    open.push(q);
    return q;
  };
  return { queue: await make(), again: make, schema };
}

const run = (name: string, configHash = 'hash-1'): QueuedRun => ({
  name,
  config: { taskA: 'mrpc', taskB: 'rte' },
  configHash,
  heartbeatTimeoutS: 60,
  spec: {
    version: RUN_SPEC_VERSION,
    kind: 'sequence',
    model: 'mini-random',
    modelId: 'mini-random',
    data: { dataSeed: 0, maxTrain: 48, maxEval: 32, maxSeqLength: 128, tasks: { mrpc: 'a'.repeat(64), rte: 'b'.repeat(64) } },
    training: { protocol: 'b-only', epochs: 1, batchSize: 16, warmupFraction: 0.1 },
  },
});

const cell = (method: string, seed: number): NewCell => {
  const work = {
    kind: 'sequence',
    job: { kind: 'sequence', label: `${method}/seed${seed}`, tasks: ['mrpc', 'rte'], lrFirst: {}, lr: {}, settings: { seed } },
  } as unknown as SequenceCellWork;
  return { key: `${method}/seed${seed}`, work };
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('the cell queue of distributed runs (throwaway cluster)', () => {
  it('hands every cell to exactly one of several claimers racing, then nothing', async () => {
    const { queue, again } = await queues();
    const cells = [0, 1, 2, 3, 4].flatMap((seed) => [cell('flat', seed), cell('ewc', seed)]);
    await queue.publish(run('race'), cells);
    const others = await Promise.all([again(), again()]);
    const claims = await Promise.all(Array.from({ length: 14 }, (_, i) => [queue, ...others][i % 3]!.claim('race', `w${i % 3}`)));
    const taken = claims.filter((c) => c !== null);
    expect(taken.map((c) => c.key).sort()).toEqual(cells.map((c) => c.key).sort());
    expect(taken.every((c) => c.attempt === 1)).toBe(true);
    expect(taken[0]!.work).toEqual(cells.find((c) => c.key === taken[0]!.key)!.work);
    expect(await queue.claim('race', 'late')).toBeNull();
  });

  it('records a result only under the current claim: a re-queued holder writes nothing, the next holder once', async () => {
    const { queue } = await queues();
    await queue.publish({ ...run('guard'), heartbeatTimeoutS: 0.2 }, [cell('flat', 0)]);
    const first = (await queue.claim('guard', 'remote-host:1:a'))!;
    expect(await queue.heartbeat('guard', 'remote-host:1:a', first)).toBe(true);
    // Fresh heartbeat: not stale yet.
    expect(await queue.requeueStale('guard', { timeoutS: 60 })).toEqual([]);
    await sleep(300);
    expect(await queue.requeueStale('guard', { timeoutS: 0.2 })).toEqual([{ key: 'flat/seed0', workerId: 'remote-host:1:a' }]);
    expect(await queue.heartbeat('guard', 'remote-host:1:a', first)).toBe(false);
    const second = (await queue.claim('guard', 'remote-host:2:b'))!;
    expect(second.attempt).toBe(2);
    // The first holder, late: same worker id and key, an old attempt.
    expect(await queue.complete('guard', 'remote-host:1:a', first, { late: true })).toBe(false);
    expect(await queue.fail('guard', 'remote-host:1:a', first, 'late')).toBe(false);
    expect(await queue.complete('guard', 'remote-host:2:b', second, { figures: 1 })).toBe(true);
    expect(await queue.complete('guard', 'remote-host:2:b', second, { figures: 2 })).toBe(false);
    expect(await queue.finished('guard', ['flat/seed0'])).toEqual([{ key: 'flat/seed0', state: 'complete', result: { figures: 1 } }]);
    expect(await queue.cells('guard')).toEqual([
      { key: 'flat/seed0', state: 'complete', attempt: 2, completions: 1, worker_id: 'remote-host:2:b', error: null },
    ]);
  });

  it("re-queues at once the cell of a process of this machine that has ended, whatever its heartbeat's age", async () => {
    const { queue } = await queues();
    await queue.publish(run('gone'), [cell('flat', 0), cell('flat', 1)]);
    const deadPid = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString());
    const dead = `${hostname()}:${deadPid}:dead`;
    const alive = `${hostname()}:${process.pid}:me`;
    await queue.claim('gone', dead);
    await queue.claim('gone', alive);
    const requeued = await queue.requeueStale('gone', { timeoutS: 3600, isWorkerGone: localWorkerGone });
    expect(requeued).toEqual([{ key: 'flat/seed0', workerId: dead }]);
    expect((await queue.cells('gone')).map((c) => [c.key, c.state])).toEqual([
      ['flat/seed0', 'waiting'],
      ['flat/seed1', 'running'],
    ]);
  });

  it('publishing again keeps finished cells, retries failed ones, puts a released cell back, and refuses another configuration', async () => {
    const { queue } = await queues();
    await queue.publish(run('again'), [cell('flat', 0), cell('flat', 1), cell('flat', 2)]);
    const a = (await queue.claim('again', 'w'))!;
    const b = (await queue.claim('again', 'w'))!;
    const c = (await queue.claim('again', 'w'))!;
    await queue.complete('again', 'w', a, { ok: true });
    await queue.fail('again', 'w', b, 'NaN loss at step 3');
    expect(await queue.release('again', 'w', c)).toBe(true);
    expect(await queue.finished('again', [a.key, b.key, c.key])).toEqual([
      { key: a.key, state: 'complete', result: { ok: true } },
      { key: b.key, state: 'failed', error: 'NaN loss at step 3' },
    ]);
    await queue.publish(run('again'), [cell('flat', 0), cell('flat', 1), cell('flat', 2)]);
    expect((await queue.cells('again')).map((x) => [x.key, x.state, x.error])).toEqual([
      ['flat/seed0', 'complete', null],
      ['flat/seed1', 'waiting', null],
      ['flat/seed2', 'waiting', null],
    ]);
    await expect(queue.publish(run('again', 'hash-2'), [cell('ewc', 0)])).rejects.toThrow(
      new RunMismatchError(
        "run 'again' was made by another configuration (hash hash-1, this one hash-2); use another --run-name, or the command that made it",
      ),
    );
    await expect(queue.checkConfig('again', 'hash-2')).rejects.toBeInstanceOf(RunMismatchError);
    await expect(queue.checkConfig('again', 'hash-1')).resolves.toBeUndefined();
    expect((await queue.cells('again')).map((x) => x.key)).not.toContain('ewc/seed0');
    expect((await queue.getRun('again')).spec.data.tasks).toEqual(run('again').spec.data.tasks);
  });

  it('says in one line what is wrong: an unknown run, an unreachable server, a bad schema, a hand-edited row', async () => {
    const { queue, schema } = await queues();
    const missing = await queue.getRun('nope').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(RunNotFoundError);
    expect((missing as Error).message).toBe(
      `run 'nope' does not exist at ${cluster.connectionString}; start it with \`pnpm bench run|evaluate|sequence ... --storage URL --run-name nope\``,
    );
    const unreachable = await openCellQueue({ connectionString: 'postgresql://bench:secret@127.0.0.1:1/none' }).catch((e: unknown) => e);
    expect(unreachable).toBeInstanceOf(RunQueueError);
    expect((unreachable as Error).message).toMatch(
      /^PostgreSQL at postgresql:\/\/bench:\*\*\*@127\.0\.0\.1:1\/none: cannot open the run tables: .*ECONNREFUSED/,
    );
    expect((unreachable as Error).message).not.toContain('\n');
    await expect(openCellQueue({ connectionString: cluster.connectionString, schema: 'x; drop' })).rejects.toThrow(
      /`schema` must be a plain SQL identifier/,
    );
    await queue.publish(run('edited'), [cell('flat', 0)]);
    const { Client } = await loadPg();
    const client = new Client({ connectionString: cluster.connectionString });
    await client.connect();
    await client.query(
      `UPDATE "${schema}".lrdist_bench_runs SET spec = jsonb_set(spec, '{data,maxTrain}', '"many"') WHERE name = 'edited'`,
    );
    await client.end();
    await expect(queue.getRun('edited')).rejects.toThrow(
      new RunQueueError("run 'edited': `data.maxTrain` Invalid input: expected number, received string"),
    );
  });
});
