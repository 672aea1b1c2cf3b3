import { strict as assert } from 'node:assert';
import { claim, makeStudy, peerOf, withStorage, type StorageContractCase } from './storage-contract-helpers.js';

/** Races between workers (two handles where the backend has them). */
export const storageCasesConcurrency: readonly StorageContractCase[] = [
  {
    name: 'concurrent starts from two handles never share a number and leave no gap',
    run: (h) =>
      withStorage(h, async (s) => {
        await makeStudy(s);
        const { peer, done } = await peerOf(h, s);
        try {
          const started = await Promise.all(
            Array.from({ length: 24 }, (_, i) => (i % 2 === 0 ? s : peer).startTrial('contract', claim(i, false, `w${i % 2}`))),
          );
          const numbers = started.map((t) => t.number).sort((a, b) => a - b);
          assert.deepEqual(
            numbers,
            Array.from({ length: 24 }, (_, i) => i),
          );
          assert.equal((await s.getTrials('contract')).length, 24);
        } finally {
          await done();
        }
      }),
  },
  {
    name: 'concurrent claims take each waiting trial exactly once, then create new trials',
    run: (h) =>
      withStorage(h, async (s) => {
        await makeStudy(s);
        for (let i = 0; i < 6; i++) await s.enqueueTrial('contract', { fixedParams: { i }, now: i });
        const { peer, done } = await peerOf(h, s);
        try {
          const started = await Promise.all(
            Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? s : peer).startTrial('contract', claim(100 + i))),
          );
          const numbers = started.map((t) => t.number).sort((a, b) => a - b);
          assert.deepEqual(
            numbers,
            Array.from({ length: 10 }, (_, i) => i),
          );
          const all = await s.getTrials('contract');
          assert.ok(
            all.every((t) => t.state === 'running'),
            'every trial was claimed or created running',
          );
          const fixed = all.slice(0, 6).map((t) => JSON.parse(JSON.stringify(t.systemAttrs)).fixedParams.i as number);
          assert.deepEqual(fixed, [0, 1, 2, 3, 4, 5]);
        } finally {
          await done();
        }
      }),
  },
  {
    name: 'concurrent finishes of one trial: exactly one wins, the others get TrialFinishedError',
    run: (h) =>
      withStorage(h, async (s) => {
        await makeStudy(s);
        const { number } = await s.startTrial('contract', claim());
        const { peer, done } = await peerOf(h, s);
        try {
          const results = await Promise.allSettled(
            Array.from({ length: 6 }, (_, i) =>
              (i % 2 === 0 ? s : peer).updateTrial('contract', number, {
                finish: { state: 'complete', values: [i], failReason: null, now: i },
              }),
            ),
          );
          const won = results.filter((r) => r.status === 'fulfilled');
          assert.equal(won.length, 1, 'exactly one finish succeeds');
          for (const r of results) {
            if (r.status === 'rejected') assert.equal((r.reason as { code?: string }).code, 'TRIAL_FINISHED');
          }
          const t = await peer.getTrial('contract', number);
          assert.equal(t.state, 'complete');
          assert.equal(t.completedAt, t.values?.[0], 'the stored values and time come from the same (winning) call');
        } finally {
          await done();
        }
      }),
  },
  {
    name: 'concurrent reaping from two handles fails each stale trial once',
    run: (h) =>
      withStorage(h, async (s) => {
        await makeStudy(s);
        for (let i = 0; i < 4; i++) await s.startTrial('contract', claim(10, true));
        const { peer, done } = await peerOf(h, s);
        try {
          const [a, b] = await Promise.all([
            s.reapStaleTrials('contract', { staleBefore: 100, action: 'fail', now: 200 }),
            peer.reapStaleTrials('contract', { staleBefore: 100, action: 'fail', now: 200 }),
          ]);
          const numbers = [...(a ?? []), ...(b ?? [])].map((t) => t.number).sort((x, y) => x - y);
          assert.deepEqual(numbers, [0, 1, 2, 3]);
          assert.ok((await s.getTrials('contract')).every((t) => t.state === 'failed'));
        } finally {
          await done();
        }
      }),
  },
];
