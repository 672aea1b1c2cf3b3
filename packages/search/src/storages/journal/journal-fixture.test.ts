import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOURNAL_FIXTURE, writeJournalFixture } from '../../../test/fixtures/make-journal-fixture.js';
import { createJournalStorage } from './journal-storage.js';

// test/fixtures/journal-v1.jsonl was written by test/fixtures/make-journal-fixture.ts with this code.
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lrdist-fixture-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('journal format v1 (committed fixture)', () => {
  it('replays the fixture into the studies and trials it recorded', async () => {
    const copy = join(dir, 'replay.jsonl');
    await copyFile(JOURNAL_FIXTURE, copy);
    const storage = await createJournalStorage({ path: copy });
    try {
      expect(storage.warnings).toEqual([]);
      const studies = await storage.listStudies();
      expect(studies.map((s) => [s.studyName, [...s.directions], { ...s.trialCounts }])).toEqual([
        ['single', ['minimize'], { waiting: 0, running: 0, complete: 2, pruned: 4, failed: 1 }],
        ['multi', ['maximize', 'minimize'], { waiting: 1, running: 0, complete: 3, pruned: 0, failed: 0 }],
      ]);
      const single = await storage.getStudy('single');
      expect(single.userAttrs).toEqual({ task: 'rte', tags: ['a', 'b'], note: { nested: [1, null, true] } });
      expect(single.systemAttrs).toEqual({ deterministicLag: 1 });
      expect(single.createdAt).toBe(1_700_000_000_000);

      const trials = await storage.getTrials('single');
      expect(trials.map((t) => t.state)).toEqual(['complete', 'pruned', 'complete', 'failed', 'pruned', 'pruned', 'pruned']);
      const t0 = trials[0];
      expect(t0?.params).toEqual({ lr: 2e-5, layers: 2, act: 'relu' });
      expect(t0?.distributions.act).toEqual({ kind: 'categorical', choices: ['relu', 'gelu', null, false] });
      expect(t0?.distributions.lr).toEqual({ kind: 'float', low: 1e-7, high: 1e-3, log: true, step: null });
      expect(t0?.systemAttrs).toEqual({ fixedParams: { lr: 2e-5, layers: 2, act: 'relu' } });
      expect(t0?.userAttrs).toEqual({ baseline: true, act: 'relu' });
      expect(t0?.values).toEqual([0.9698970004336018]);
      expect(t0?.intermediateValues.map((r) => r.step)).toEqual([1, 2, 3, 4]);
      expect(trials[2]?.intermediateValues[2]?.values).toEqual([Number.NaN]);
      expect(trials[3]?.failReason).toBe('Error: diverged');
      expect(trials[6]?.intermediateValues).toEqual([
        { step: 0, values: [Number.POSITIVE_INFINITY] },
        { step: 1, values: [Number.NEGATIVE_INFINITY] },
      ]);

      const requeued = await storage.getTrial('multi', 3);
      expect(requeued.state).toBe('waiting');
      expect(requeued.params).toEqual({});
      expect(requeued.intermediateValues).toEqual([]);
      expect(requeued.systemAttrs).toEqual({ fixedParams: { x: 0.5 }, requeueCount: 1 });
      expect((await storage.getTrial('multi', 1)).params).toEqual({ x: 0.7836629427171026, y: 0.25 });
      await expect(storage.getStudy('deleted')).rejects.toMatchObject({ code: 'STUDY_NOT_FOUND' });
    } finally {
      await storage.close();
    }
  });

  it('the current code writes the fixture byte for byte (a format change needs a new version)', async () => {
    const fresh = join(dir, 'fresh.jsonl');
    await writeJournalFixture(fresh);
    expect(await readFile(fresh, 'utf8')).toBe(await readFile(JOURNAL_FIXTURE, 'utf8'));
  });
});
