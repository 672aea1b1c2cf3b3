import { strict as assert } from 'node:assert';
import type { ParamDistribution } from '../distributions/distributions.js';
import { claim, makeStudy, rejectsWithCode, withStorage, type StorageContractCase } from './storage-contract-helpers.js';

const unit: ParamDistribution = { kind: 'float', low: 0, high: 1, log: false, step: null };
const ints: ParamDistribution = { kind: 'int', low: 1, high: 9, log: false, step: 2 };
const cats: ParamDistribution = { kind: 'categorical', choices: ['a', 1, true, null] };

/** Trials: numbering, claims, params, reports, attributes, finishing, release, reaping, queries. */
export const storageCasesTrials: readonly StorageContractCase[] = [
  {
    name: 'numbers started trials 0, 1, 2 without gaps, running, with start time, worker and heartbeat',
    run: (h) =>
      withStorage(h, async (s) => {
        await makeStudy(s);
        const a = await s.startTrial('contract', claim(100, true, 'wa'));
        const b = await s.startTrial('contract', claim(200, false, 'wb'));
        const c = await s.startTrial('contract', claim(300));
        assert.deepEqual([a.number, b.number, c.number], [0, 1, 2]);
        assert.equal(a.state, 'running');
        assert.equal(a.startedAt, 100);
        assert.equal(a.workerId, 'wa');
        assert.equal(a.heartbeatAt, 100, 'a worker with heartbeats starts beating at its start');
        assert.equal(b.heartbeatAt, null, 'a worker without heartbeats has none');
        assert.equal(a.completedAt, null);
        assert.deepEqual({ ...a.params }, {});
        assert.deepEqual([...a.intermediateValues], []);
      }),
  },
  {
    name: 'enqueued trials wait with their fixed params and are claimed oldest first, before new trials',
    run: (h) =>
      withStorage(h, async (s) => {
        await makeStudy(s);
        const first = await s.enqueueTrial('contract', { fixedParams: { x: 0.1 }, userAttrs: { tag: 'baseline' }, now: 50 });
        await s.enqueueTrial('contract', { fixedParams: { x: 0.2 }, now: 60 });
        assert.equal(first.number, 0);
        assert.equal(first.state, 'waiting');
        assert.equal(first.startedAt, null);
        assert.deepEqual(JSON.parse(JSON.stringify(first.systemAttrs)).fixedParams, { x: 0.1 });
        assert.deepEqual({ ...first.userAttrs }, { tag: 'baseline' });
        const c0 = await s.startTrial('contract', claim(70, false, 'w'));
        const c1 = await s.startTrial('contract', claim(80));
        const c2 = await s.startTrial('contract', claim(90));
        assert.deepEqual([c0.number, c1.number, c2.number], [0, 1, 2]);
        assert.equal(c0.state, 'running');
        assert.equal(c0.startedAt, 70);
        assert.equal(c0.workerId, 'w');
        assert.deepEqual(JSON.parse(JSON.stringify(c1.systemAttrs)).fixedParams, { x: 0.2 });
        await rejectsWithCode(s.enqueueTrial('contract', { fixedParams: { x: Number.NaN }, now: 1 }), 'INVALID_VALUES', 'NaN fixed param');
      }),
  },
  {
    name: 'stores params in order with their distributions; rejects values outside them and changed values',
    run: (h) =>
      withStorage(h, async (s) => {
        await makeStudy(s);
        const { number } = await s.startTrial('contract', claim());
        await s.updateTrial('contract', number, {
          params: [
            { name: 'z', value: 0.5, distribution: unit },
            { name: 'n', value: 7, distribution: ints },
          ],
        });
        await s.updateTrial('contract', number, {
          params: [
            { name: 'c', value: null, distribution: cats },
            { name: 'z', value: 0.5, distribution: unit },
          ],
        });
        const t = await s.getTrial('contract', number);
        assert.deepEqual(Object.keys(t.params), ['z', 'n', 'c'], 'params keep their suggestion order');
        assert.deepEqual({ ...t.params }, { z: 0.5, n: 7, c: null });
        assert.deepEqual(JSON.parse(JSON.stringify(t.distributions)), { z: unit, n: ints, c: cats });
        const bad: [string, () => Promise<unknown>][] = [
          ['changed value', () => s.updateTrial('contract', number, { params: [{ name: 'z', value: 0.6, distribution: unit }] })],
          ['outside the range', () => s.updateTrial('contract', number, { params: [{ name: 'y', value: 2, distribution: unit }] })],
          ['off the int grid', () => s.updateTrial('contract', number, { params: [{ name: 'k', value: 4, distribution: ints }] })],
          ['not a choice', () => s.updateTrial('contract', number, { params: [{ name: 'd', value: 'b', distribution: cats }] })],
        ];
        for (const [what, call] of bad) await rejectsWithCode(call(), 'INVALID_PARAM', what);
        assert.deepEqual(Object.keys((await s.getTrial('contract', number)).params), ['z', 'n', 'c']);
      }),
  },
  {
    name: 'keeps reports sorted by step, the first report of a step wins, NaN and infinities survive',
    run: (h) =>
      withStorage(h, async (s) => {
        await makeStudy(s, 'mo', ['minimize', 'maximize']);
        const { number } = await s.startTrial('mo', claim());
        await s.updateTrial('mo', number, { reports: [{ step: 5, values: [1, 2] }] });
        await s.updateTrial('mo', number, {
          reports: [
            { step: 2, values: [Number.NaN] },
            { step: 5, values: [9, 9] },
            { step: 0, values: [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY] },
          ],
        });
        const t = await s.getTrial('mo', number);
        assert.deepEqual(
          t.intermediateValues.map((r) => [r.step, [...r.values]]),
          [
            [0, [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY]],
            [2, [Number.NaN]],
            [5, [1, 2]],
          ],
        );
        await rejectsWithCode(
          s.updateTrial('mo', number, { reports: [{ step: 6, values: [1, 2, 3] }] }),
          'INVALID_VALUES',
          '3 values, 2 objectives',
        );
        await rejectsWithCode(s.updateTrial('mo', number, { reports: [{ step: -1, values: [1] }] }), 'INVALID_VALUES', 'negative step');
        await rejectsWithCode(s.updateTrial('mo', number, { reports: [{ step: 1.5, values: [1] }] }), 'INVALID_VALUES', 'fractional step');
      }),
  },
  {
    name: 'merges trial attributes, also on waiting trials; rejects non-JSON numbers',
    run: (h) =>
      withStorage(h, async (s) => {
        await makeStudy(s);
        const w = await s.enqueueTrial('contract', { fixedParams: {}, now: 1 });
        await s.updateTrial('contract', w.number, { userAttrs: { a: 1 }, systemAttrs: { s: [true] } });
        await s.updateTrial('contract', w.number, { userAttrs: { b: { c: 'd' }, a: 2 } });
        const t = await s.getTrial('contract', w.number);
        assert.deepEqual(JSON.parse(JSON.stringify(t.userAttrs)), { a: 2, b: { c: 'd' } });
        assert.deepEqual(JSON.parse(JSON.stringify(t.systemAttrs)).s, [true]);
        await rejectsWithCode(
          s.updateTrial('contract', w.number, { userAttrs: { x: Number.POSITIVE_INFINITY } }),
          'INVALID_VALUES',
          'Infinity attr',
        );
      }),
  },
  {
    name: 'params, reports, heartbeats and finishing need a running trial: a waiting one is TrialStateError',
    run: (h) =>
      withStorage(h, async (s) => {
        await makeStudy(s);
        const w = await s.enqueueTrial('contract', { fixedParams: {}, now: 1 });
        const updates = [
          { params: [{ name: 'x', value: 0.5, distribution: unit }] },
          { reports: [{ step: 0, values: [1] }] },
          { heartbeatAt: 5 },
          { finish: { state: 'complete' as const, values: [1], failReason: null, now: 5 } },
        ];
        for (const u of updates)
          await rejectsWithCode(s.updateTrial('contract', w.number, u), 'TRIAL_STATE', JSON.stringify(Object.keys(u)));
        assert.equal((await s.getTrial('contract', w.number)).state, 'waiting');
      }),
  },
  {
    name: 'finishes a trial once: complete with values, pruned, failed with a reason; afterwards nothing changes it',
    run: (h) =>
      withStorage(h, async (s) => {
        await makeStudy(s);
        const a = await s.startTrial('contract', claim());
        const b = await s.startTrial('contract', claim());
        const c = await s.startTrial('contract', claim());
        await s.updateTrial('contract', a.number, { finish: { state: 'complete', values: [0.5], failReason: null, now: 10 } });
        await s.updateTrial('contract', b.number, { finish: { state: 'pruned', values: null, failReason: null, now: 11 } });
        await s.updateTrial('contract', c.number, { finish: { state: 'failed', values: null, failReason: 'boom', now: 12 } });
        const [ta, tb, tc] = await s.getTrials('contract');
        assert.equal(ta?.state, 'complete');
        assert.deepEqual([...(ta?.values ?? [])], [0.5]);
        assert.equal(ta?.completedAt, 10);
        assert.equal(tb?.state, 'pruned');
        assert.equal(tb?.values, null);
        assert.equal(tc?.state, 'failed');
        assert.equal(tc?.failReason, 'boom');
        const later = [
          { finish: { state: 'failed' as const, values: null, failReason: 'again', now: 20 } },
          { userAttrs: { a: 1 } },
          { params: [{ name: 'x', value: 0.5, distribution: unit }] },
          { reports: [{ step: 1, values: [1] }] },
          { heartbeatAt: 30 },
          {},
        ];
        for (const u of later) await rejectsWithCode(s.updateTrial('contract', a.number, u), 'TRIAL_FINISHED', JSON.stringify(u));
        await rejectsWithCode(s.releaseTrial('contract', a.number), 'TRIAL_FINISHED', 'release a finished trial');
        assert.equal((await s.getTrial('contract', a.number)).completedAt, 10);
      }),
  },
  {
    name: 'rejects completing with the wrong number of values, NaN or infinity, and leaves the trial running',
    run: (h) =>
      withStorage(h, async (s) => {
        await makeStudy(s, 'two', ['minimize', 'maximize']);
        const { number } = await s.startTrial('two', claim());
        const bad = [[1], [1, 2, 3], [1, Number.NaN], [Number.POSITIVE_INFINITY, 1]];
        for (const values of bad) {
          await rejectsWithCode(
            s.updateTrial('two', number, { finish: { state: 'complete', values, failReason: null, now: 1 } }),
            'INVALID_VALUES',
            JSON.stringify(values),
          );
        }
        await rejectsWithCode(
          s.updateTrial('two', number, { finish: { state: 'complete', values: null, failReason: null, now: 1 } }),
          'INVALID_VALUES',
          'null',
        );
        assert.equal((await s.getTrial('two', number)).state, 'running');
      }),
  },
  {
    name: 'applies an update all or nothing: a bad part leaves the trial as it was',
    run: (h) =>
      withStorage(h, async (s) => {
        await makeStudy(s);
        const { number } = await s.startTrial('contract', claim());
        await rejectsWithCode(
          s.updateTrial('contract', number, {
            params: [{ name: 'x', value: 0.5, distribution: unit }],
            userAttrs: { a: 1 },
            reports: [{ step: 0, values: [1, 2, 3] }],
            finish: { state: 'complete', values: [1], failReason: null, now: 5 },
          }),
          'INVALID_VALUES',
          'bad report in a batch',
        );
        const t = await s.getTrial('contract', number);
        assert.deepEqual({ ...t.params }, {});
        assert.deepEqual({ ...t.userAttrs }, {});
        assert.equal(t.state, 'running');
        await rejectsWithCode(
          s.updateTrial('contract', number, {
            params: [{ name: 'x', value: 0.5, distribution: unit }],
            finish: { state: 'complete', values: [Number.NaN], failReason: null, now: 5 },
          }),
          'INVALID_VALUES',
          'bad values in a batch',
        );
        assert.deepEqual({ ...(await s.getTrial('contract', number)).params }, {});
      }),
  },
  {
    name: 'releases a claimed trial without params back to waiting (then claimed first); refuses one with params',
    run: (h) =>
      withStorage(h, async (s) => {
        await makeStudy(s);
        await s.enqueueTrial('contract', { fixedParams: { x: 0.3 }, now: 1 });
        const t0 = await s.startTrial('contract', claim(5, true));
        const t1 = await s.startTrial('contract', claim(6));
        await s.releaseTrial('contract', t0.number);
        const back = await s.getTrial('contract', t0.number);
        assert.equal(back.state, 'waiting');
        assert.equal(back.startedAt, null);
        assert.equal(back.heartbeatAt, null);
        assert.equal(back.workerId, null);
        assert.deepEqual(JSON.parse(JSON.stringify(back.systemAttrs)).fixedParams, { x: 0.3 });
        assert.equal((await s.startTrial('contract', claim(7))).number, 0);
        await s.updateTrial('contract', t1.number, { params: [{ name: 'x', value: 0.5, distribution: unit }] });
        await rejectsWithCode(s.releaseTrial('contract', t1.number), 'TRIAL_STATE', 'release with params');
      }),
  },
  {
    name: 'reaps stale running trials: fail records the reason; requeue keeps params as fixed params and drops reports',
    run: (h) =>
      withStorage(h, async (s) => {
        await makeStudy(s);
        const stale = await s.startTrial('contract', claim(100, true, 'dead'));
        const fresh = await s.startTrial('contract', claim(100, true, 'alive'));
        const silent = await s.startTrial('contract', claim(100, false, 'no-heartbeats'));
        await s.updateTrial('contract', fresh.number, { heartbeatAt: 900 });
        const failed = await s.reapStaleTrials('contract', { staleBefore: 500, action: 'fail', now: 1000 });
        assert.deepEqual(
          failed.map((t) => t.number),
          [stale.number],
        );
        assert.equal(failed[0]?.state, 'failed');
        assert.match(failed[0]?.failReason ?? '', /stale heartbeat/);
        assert.equal((await s.getTrial('contract', fresh.number)).state, 'running');
        assert.equal((await s.getTrial('contract', silent.number)).state, 'running', 'trials without heartbeats are never judged stale');

        const r = await s.startTrial('contract', claim(2000, true, 'dead-too'));
        await s.updateTrial('contract', r.number, {
          params: [{ name: 'x', value: 0.25, distribution: unit }],
          reports: [{ step: 0, values: [3] }],
          userAttrs: { kept: true },
        });
        const requeued = await s.reapStaleTrials('contract', { staleBefore: 3000, action: 'requeue', now: 4000 });
        assert.deepEqual(
          requeued.map((t) => t.number),
          [fresh.number, r.number],
        );
        const t = await s.getTrial('contract', r.number);
        assert.equal(t.state, 'waiting');
        assert.deepEqual({ ...t.params }, {});
        assert.deepEqual([...t.intermediateValues], []);
        const sys = JSON.parse(JSON.stringify(t.systemAttrs));
        assert.deepEqual(sys.fixedParams, { x: 0.25 });
        assert.equal(sys.requeueCount, 1);
        assert.deepEqual({ ...t.userAttrs }, { kept: true });
        assert.equal((await s.startTrial('contract', claim(5000))).number, fresh.number, 'the oldest re-queued trial is claimed first');
      }),
  },
  {
    name: 'filters trials by state and number range, always in number order; unknown numbers are TrialNotFoundError',
    run: (h) =>
      withStorage(h, async (s) => {
        await makeStudy(s);
        for (let i = 0; i < 6; i++) {
          const t = await s.startTrial('contract', claim());
          if (i % 2 === 0)
            await s.updateTrial('contract', t.number, { finish: { state: 'complete', values: [i], failReason: null, now: 9 } });
        }
        const num = (ts: readonly { number: number }[]): number[] => ts.map((t) => t.number);
        assert.deepEqual(num(await s.getTrials('contract')), [0, 1, 2, 3, 4, 5]);
        assert.deepEqual(num(await s.getTrials('contract', { states: ['complete'] })), [0, 2, 4]);
        assert.deepEqual(num(await s.getTrials('contract', { states: ['running', 'waiting'] })), [1, 3, 5]);
        assert.deepEqual(num(await s.getTrials('contract', { minNumber: 2, maxNumber: 4 })), [2, 3, 4]);
        assert.deepEqual(num(await s.getTrials('contract', { minNumber: 3, states: ['complete'] })), [4]);
        assert.deepEqual(num(await s.getTrials('contract', { minNumber: 10 })), []);
        await rejectsWithCode(s.getTrial('contract', 6), 'TRIAL_NOT_FOUND', 'getTrial(6)');
        await rejectsWithCode(s.updateTrial('contract', 99, { heartbeatAt: 1 }), 'TRIAL_NOT_FOUND', 'updateTrial(99)');
      }),
  },
  {
    name: 'hands out snapshots: changing a returned trial does not change the stored one',
    run: (h) =>
      withStorage(h, async (s) => {
        await makeStudy(s);
        const { number } = await s.startTrial('contract', claim());
        await s.updateTrial('contract', number, { userAttrs: { list: [1, 2] } });
        const t = await s.getTrial('contract', number);
        try {
          ((t.userAttrs as Record<string, unknown>).list as number[]).push(3);
          (t.userAttrs as Record<string, unknown>).extra = 1;
        } catch {
          // Frozen snapshots refuse the change outright, which is just as good.
        }
        assert.deepEqual(JSON.parse(JSON.stringify((await s.getTrial('contract', number)).userAttrs)), { list: [1, 2] });
      }),
  },
];
