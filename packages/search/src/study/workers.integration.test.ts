import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGreedySampler } from '../../test/helpers/greedy-sampler.js';
import { workerObjective } from '../../test/helpers/objective.js';
import { spawnWorker } from '../../test/helpers/spawn-worker.js';
import { createJournalStorage } from '../storages/journal/journal-storage.js';
import { createStudy } from './create-study.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lrdist-workers-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('worker processes on one journal', () => {
  it('4 processes x 15 trials: every number once, none lost, all final, failures recorded with reasons', async () => {
    const path = join(dir, 'four.jsonl');
    const setup = await createJournalStorage({ path });
    await createStudy({ storage: setup, studyName: 'four' });
    await setup.close();
    const workers = Array.from({ length: 4 }, (_, i) => spawnWorker(['optimize', `journal:${path}`, 'four', '15', '2', String(i)]));
    for (const w of workers) expect(await w.exited, w.stderr()).toBe(0);
    const storage = await createJournalStorage({ path });
    const trials = await storage.getTrials('four');
    expect(trials.map((t) => t.number)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(trials.every((t) => t.state === 'complete' || t.state === 'failed')).toBe(true);
    expect(new Set(trials.map((t) => t.workerId)).size).toBe(4);
    expect(trials[5]?.failReason).toBe('Error: objective failed on purpose (trial 5)');
    expect(trials[11]?.failReason).toMatch(/`values\[0\]` must be a finite number, got NaN/);
    expect(trials[17]?.failReason).toMatch(/must return 1 value\(s\) \(one per direction\), got 2/);
    await storage.close();
  });

  it('deterministic lag stored with the study: 2 processes x concurrency 2 propose what one process with concurrency 4 does', async () => {
    const path = join(dir, 'det.jsonl');
    const setup = await createJournalStorage({ path });
    const shared = await createStudy({ storage: setup, studyName: 'det', deterministic: { lag: 4 } });
    await shared.enqueueTrial({ x: 0, y: 0 });
    await setup.close();
    // Every worker uses the same sampler seed (7): what a trial proposes must not depend on who runs it.
    const workers = [
      spawnWorker(['optimize', `journal:${path}`, 'det', '12', '2', '7']),
      spawnWorker(['optimize', `journal:${path}`, 'det', '12', '2', '7']),
    ];
    for (const w of workers) expect(await w.exited, w.stderr()).toBe(0);

    const reference = await createStudy({ sampler: createGreedySampler(7) });
    await reference.enqueueTrial({ x: 0, y: 0 });
    await reference.optimize(workerObjective, { trials: 24, concurrency: 4 });

    const storage = await createJournalStorage({ path });
    const fromWorkers = (await storage.getTrials('det')).map((t) => t.params);
    expect(fromWorkers).toEqual((await reference.getTrials()).map((t) => t.params));
    await storage.close();
  });
});
