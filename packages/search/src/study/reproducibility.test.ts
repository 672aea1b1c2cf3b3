import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandomSampler } from '../samplers/random.js';
import { createJournalStorage } from '../storages/journal/journal-storage.js';
import type { Sampler } from '../samplers/sampler.js';
import { createGreedySampler } from '../../test/helpers/greedy-sampler.js';
import type { Trial } from '../trial/trial.js';
import { createStudy, loadStudy } from './create-study.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A two-parameter objective whose value depends only on the params. */
function value(trial: Trial): number {
  const x = trial.suggestFloat('x', -5, 5);
  const y = trial.suggestFloat('y', -5, 5);
  return (x - 1) ** 2 + (y + 2) ** 2;
}

async function parallelRun(sampler: Sampler, concurrency: number, trials: number): Promise<string[]> {
  const study = await createStudy({ sampler });
  await study.optimize(
    async (trial) => {
      const v = value(trial);
      // Wall-clock order differs on every run (Math.random is fine in tests).
      await sleep(Math.random() * 12);
      return v;
    },
    { trials, concurrency },
  );
  return (await study.getTrials()).map((t) => JSON.stringify(t.params));
}

describe('reproducible parallel runs', () => {
  it('same seed, concurrency 4, random objective durations: the same params for every trial number, twice', async () => {
    for (const make of [(s: number) => createGreedySampler(s), (s: number) => createRandomSampler({ seed: s })]) {
      const a = await parallelRun(make(11), 4, 24);
      const b = await parallelRun(make(11), 4, 24);
      expect(b).toEqual(a);
      expect(new Set(a).size).toBe(24);
    }
  });

  it('trial n learned from exactly the trials numbered <= n - concurrency (history-dependent sampler)', async () => {
    const seen: Record<number, number[]> = {};
    const base = createGreedySampler(5);
    const spy: Sampler = {
      ...base,
      sampleIndependent(study, trial, name, dist) {
        seen[trial.number] ??= study.getTrials().map((t) => t.number);
        return base.sampleIndependent(study, trial, name, dist);
      },
    };
    await parallelRun(spy, 3, 12);
    for (let n = 0; n < 12; n++) expect(seen[n]).toEqual(Array.from({ length: Math.max(0, n - 2) }, (_, i) => i));
  });

  it('with deterministic: false, concurrency runs free (no waiting) and may differ', async () => {
    const study = await createStudy({ sampler: createGreedySampler(1) });
    const r = await study.optimize(async (t) => value(t), { trials: 8, concurrency: 4, deterministic: false });
    expect(r.trials).toHaveLength(8);
  });
});

describe('resume keeps the sampler knowledge', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lrdist-resume-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a study resumed from its journal proposes exactly what an uninterrupted one would (same seed)', async () => {
    const whole = await createJournalStorage({ path: join(dir, 'whole.jsonl') });
    const uninterrupted = await createStudy({ storage: whole, studyName: 's', sampler: createGreedySampler(9) });
    await uninterrupted.enqueueTrial({ x: 0, y: 0 });
    await uninterrupted.optimize(value, { trials: 20 });

    const path = join(dir, 'resumed.jsonl');
    const first = await createJournalStorage({ path });
    const before = await createStudy({ storage: first, studyName: 's', sampler: createGreedySampler(9) });
    await before.enqueueTrial({ x: 0, y: 0 });
    await before.optimize(value, { trials: 7 });
    await first.close();
    // A new process would do exactly this: open the file, load the study, go on.
    const second = await createJournalStorage({ path });
    const after = await loadStudy({ storage: second, studyName: 's', sampler: createGreedySampler(9) });
    await after.optimize(value, { trials: 13 });

    const params = async (s: typeof after): Promise<unknown[]> => (await s.getTrials()).map((t) => t.params);
    expect(await params(after)).toEqual(await params(uninterrupted));
    expect((await after.getTrials()).every((t) => t.state === 'complete')).toBe(true);
    await whole.close();
    await second.close();
  });
});
