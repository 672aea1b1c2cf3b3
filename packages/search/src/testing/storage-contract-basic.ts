import { strict as assert } from 'node:assert';
import { claim, makeStudy, peerOf, rejectsWithCode, withStorage, type StorageContractCase } from './storage-contract-helpers.js';

/** Studies: creation, listing, attributes, deletion, errors, persistence. */
export const storageCasesBasic: readonly StorageContractCase[] = [
  {
    name: 'creates, gets and lists studies; a taken name is StudyExistsError, an unknown one StudyNotFoundError',
    run: (h) =>
      withStorage(h, async (s) => {
        const a = await s.createStudy({
          studyName: 'a',
          directions: ['minimize'],
          userAttrs: { note: 'x' },
          systemAttrs: { lag: 2 },
          now: 5,
        });
        assert.deepEqual(
          { ...a, directions: [...a.directions] },
          { studyName: 'a', directions: ['minimize'], userAttrs: { note: 'x' }, systemAttrs: { lag: 2 }, createdAt: 5 },
        );
        await s.createStudy({ studyName: 'b', directions: ['maximize', 'minimize'], now: 6 });
        await rejectsWithCode(s.createStudy({ studyName: 'a', directions: ['minimize'], now: 7 }), 'STUDY_EXISTS', 'duplicate name');
        const b = await s.getStudy('b');
        assert.deepEqual([...b.directions], ['maximize', 'minimize']);
        assert.deepEqual({ ...b.userAttrs }, {});
        await rejectsWithCode(s.getStudy('nope'), 'STUDY_NOT_FOUND', 'getStudy');
        await s.startTrial('a', claim());
        await s.enqueueTrial('a', { fixedParams: { x: 1 }, now: 3 });
        const list = await s.listStudies();
        assert.deepEqual(
          list.map((x) => x.studyName),
          ['a', 'b'],
        );
        assert.deepEqual({ ...list[0]?.trialCounts }, { waiting: 1, running: 1, complete: 0, pruned: 0, failed: 0 });
      }),
  },
  {
    name: 'every method on an unknown study is StudyNotFoundError',
    run: (h) =>
      withStorage(h, async (s) => {
        const calls: [string, () => Promise<unknown>][] = [
          ['deleteStudy', () => s.deleteStudy('x')],
          ['setStudyAttrs', () => s.setStudyAttrs('x', { user: { a: 1 } })],
          ['enqueueTrial', () => s.enqueueTrial('x', { fixedParams: {}, now: 1 })],
          ['startTrial', () => s.startTrial('x', claim())],
          ['updateTrial', () => s.updateTrial('x', 0, { heartbeatAt: 1 })],
          ['releaseTrial', () => s.releaseTrial('x', 0)],
          ['reapStaleTrials', () => s.reapStaleTrials('x', { staleBefore: 1, action: 'fail', now: 2 })],
          ['getTrial', () => s.getTrial('x', 0)],
          ['getTrials', () => s.getTrials('x')],
        ];
        for (const [what, call] of calls) await rejectsWithCode(call(), 'STUDY_NOT_FOUND', what);
      }),
  },
  {
    name: 'merges study attributes (a key set again is overwritten) and keeps nested JSON',
    run: (h) =>
      withStorage(h, async (s) => {
        await makeStudy(s);
        await s.setStudyAttrs('contract', { user: { a: 1, nested: { list: [1, 'two', null, true] } } });
        await s.setStudyAttrs('contract', { user: { a: 2 }, system: { k: 'v' } });
        const study = await s.getStudy('contract');
        assert.deepEqual(JSON.parse(JSON.stringify(study.userAttrs)), { a: 2, nested: { list: [1, 'two', null, true] } });
        assert.deepEqual(JSON.parse(JSON.stringify(study.systemAttrs)), { k: 'v' });
        await rejectsWithCode(s.setStudyAttrs('contract', { user: { bad: Number.NaN } }), 'INVALID_VALUES', 'NaN attribute');
      }),
  },
  {
    name: 'deletes a study with its trials; the name can then be reused from trial 0',
    run: (h) =>
      withStorage(h, async (s) => {
        await makeStudy(s);
        await s.startTrial('contract', claim());
        await s.startTrial('contract', claim());
        await makeStudy(s, 'other');
        await s.deleteStudy('contract');
        await rejectsWithCode(s.getStudy('contract'), 'STUDY_NOT_FOUND', 'deleted study');
        assert.deepEqual(
          (await s.listStudies()).map((x) => x.studyName),
          ['other'],
        );
        await makeStudy(s);
        assert.equal((await s.startTrial('contract', claim())).number, 0);
      }),
  },
  {
    name: 'a second handle sees everything the first wrote (persistence, replay)',
    run: (h) =>
      withStorage(h, async (s) => {
        await makeStudy(s, 'p', ['minimize', 'maximize']);
        const t = await s.startTrial('p', claim(10, true));
        await s.updateTrial('p', t.number, {
          params: [{ name: 'x', value: 0.25, distribution: { kind: 'float', low: 0, high: 1, log: false, step: null } }],
          reports: [
            { step: 1, values: [Number.NaN, Number.POSITIVE_INFINITY] },
            { step: 2, values: [1.5, Number.NEGATIVE_INFINITY] },
          ],
          userAttrs: { u: [1, { v: 'w' }] },
        });
        await s.updateTrial('p', t.number, { finish: { state: 'complete', values: [0.1, 0.2], failReason: null, now: 20 } });
        await s.enqueueTrial('p', { fixedParams: { x: 0.5, c: 'a' }, now: 30 });
        const { peer, done } = await peerOf(h, s);
        try {
          const again = await peer.getTrial('p', 0);
          assert.equal(again.state, 'complete');
          assert.deepEqual([...(again.values ?? [])], [0.1, 0.2]);
          assert.deepEqual({ ...again.params }, { x: 0.25 });
          assert.deepEqual(
            again.intermediateValues.map((r) => [r.step, [...r.values]]),
            [
              [1, [Number.NaN, Number.POSITIVE_INFINITY]],
              [2, [1.5, Number.NEGATIVE_INFINITY]],
            ],
          );
          assert.deepEqual(JSON.parse(JSON.stringify(again.userAttrs)), { u: [1, { v: 'w' }] });
          assert.equal(again.startedAt, 10);
          assert.equal(again.completedAt, 20);
          const waiting = await peer.getTrial('p', 1);
          assert.equal(waiting.state, 'waiting');
          assert.deepEqual(JSON.parse(JSON.stringify(waiting.systemAttrs)).fixedParams, { x: 0.5, c: 'a' });
          assert.equal((await peer.startTrial('p', claim())).number, 1);
          assert.equal((await s.getTrial('p', 1)).state, 'running');
        } finally {
          await done();
        }
      }),
  },
];
