import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGreedySampler } from '../../../test/helpers/greedy-sampler.js';
import { workerObjective } from '../../../test/helpers/objective.js';
import { spawnWorker } from '../../../test/helpers/spawn-worker.js';
import { createStudy, loadStudy } from '../../study/create-study.js';
import { startPostgresCluster, type PostgresCluster } from '../../testing/postgres-cluster.js';
import { createPostgresStorage } from './postgres-storage.js';

let cluster: PostgresCluster;
beforeAll(async () => {
  cluster = await startPostgresCluster();
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('worker processes on one PostgreSQL study (throwaway cluster)', () => {
  it('4 workers, 200 trials in all: no number twice, none lost, every trial final, enqueued trials claimed once', async () => {
    const storage = await createPostgresStorage({ connectionString: cluster.connectionString });
    const study = await createStudy({ storage, studyName: 'many' });
    for (let i = 0; i < 10; i++) await study.enqueueTrial({ x: i - 5, y: 0 });
    const workers = Array.from({ length: 4 }, (_, i) => spawnWorker(['optimize', cluster.connectionString, 'many', '50', '3', String(i)]));
    for (const w of workers) expect(await w.exited, w.stderr()).toBe(0);

    const trials = await study.getTrials();
    expect(trials.map((t) => t.number)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(trials.every((t) => t.state === 'complete' || t.state === 'failed')).toBe(true);
    expect(trials.slice(0, 10).map((t) => t.params.x)).toEqual(Array.from({ length: 10 }, (_, i) => i - 5));
    const perWorker = new Map<string, number>();
    for (const t of trials) perWorker.set(t.workerId as string, (perWorker.get(t.workerId as string) ?? 0) + 1);
    expect([...perWorker.values()].sort()).toEqual([50, 50, 50, 50]);
    const failed = trials.filter((t) => t.state === 'failed');
    expect(failed.map((t) => t.number % 23).every((r) => r === 5 || r === 11 || r === 17)).toBe(true);
    expect(failed.every((t) => (t.failReason ?? '').length > 0)).toBe(true);
    await storage.close();
  });

  it('deterministic lag stored with the study: 2 processes propose what one process with concurrency 4 does', async () => {
    const storage = await createPostgresStorage({ connectionString: cluster.connectionString });
    await createStudy({ storage, studyName: 'det', deterministic: { lag: 4 } });
    const workers = [0, 1].map(() => spawnWorker(['optimize', cluster.connectionString, 'det', '10', '2', '3']));
    for (const w of workers) expect(await w.exited, w.stderr()).toBe(0);
    const reference = await createStudy({ sampler: createGreedySampler(3) });
    await reference.optimize(workerObjective, { trials: 20, concurrency: 4 });
    expect((await storage.getTrials('det')).map((t) => t.params)).toEqual((await reference.getTrials()).map((t) => t.params));
    await storage.close();
  });

  it('a SIGKILLed worker’s trial is found stale by a live worker and re-run with the params it had', async () => {
    const storage = await createPostgresStorage({ connectionString: cluster.connectionString });
    await createStudy({ storage, studyName: 'stale' });
    const doomed = spawnWorker(['hang', cluster.connectionString, 'stale']);
    const [, number, x] = (await doomed.waitFor(/^started \d+ \S+$/)).split(' ');
    doomed.child.kill('SIGKILL');
    expect(await doomed.exited).toBe('SIGKILL');
    expect((await storage.getTrial('stale', Number(number))).state).toBe('running');

    const live = await loadStudy({ storage, studyName: 'stale', heartbeat: { intervalMs: 100, staleAfterMs: 600, onStale: 'requeue' } });
    await sleep(700);
    const result = await live.optimize((t) => t.suggestFloat('x', -5, 5), { trials: 1 });
    const rerun = await storage.getTrial('stale', Number(number));
    expect(result.trials.map((t) => t.number)).toEqual([Number(number)]);
    expect(rerun.state).toBe('complete');
    expect(rerun.params.x).toBe(Number(x));
    expect(rerun.values).toEqual([Number(x)]);
    expect(rerun.workerId).toBe(live.workerId);
    expect(rerun.systemAttrs.requeueCount).toBe(1);
    await storage.close();
  });
});
