import { describe, expect, it } from 'vitest';
import { floatDistribution } from '../distributions/distributions.js';
import { createMemoryStorage } from '../storages/memory.js';
import { createStudy } from './create-study.js';
import type { Storage } from '../storages/storage.js';
import { localWorkerGone, type WaitEvent } from './study-options.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A study whose only trial was started by a worker that then died (no more heartbeats). */
async function withDeadWorker(params: { x?: number; lag?: number } = {}) {
  const storage = createMemoryStorage();
  await storage.createStudy({
    studyName: 's',
    directions: ['minimize'],
    systemAttrs: params.lag === undefined ? {} : { deterministicLag: params.lag },
    now: 0,
  });
  const dead = await storage.startTrial('s', { workerId: 'dead', heartbeat: true, now: 1_000 });
  if (params.x !== undefined) {
    await storage.updateTrial('s', dead.number, { params: [{ name: 'x', value: params.x, distribution: floatDistribution(0, 1) }] });
  }
  return storage;
}

describe('heartbeats', () => {
  it('a running trial records a heartbeat every intervalMs until it is told', async () => {
    const study = await createStudy({ heartbeat: { intervalMs: 10, staleAfterMs: 10_000 } });
    const trial = await study.ask();
    const started = (await study.getTrial(trial.number)).heartbeatAt as number;
    await sleep(150);
    const later = (await study.getTrial(trial.number)).heartbeatAt as number;
    expect(later).toBeGreaterThan(started);
    await study.tell(trial, 1);
    const final = (await study.getTrial(trial.number)).heartbeatAt;
    await sleep(40);
    expect((await study.getTrial(trial.number)).heartbeatAt).toBe(final);
  });

  it('a live worker fails a stale trial on ask, with the reason', async () => {
    const storage = await withDeadWorker();
    const study = await createStudy({
      storage,
      studyName: 's',
      loadIfExists: true,
      heartbeat: { intervalMs: 100, staleAfterMs: 1_000 },
      now: () => 5_000,
    });
    const trial = await study.ask();
    expect(trial.number).toBe(1);
    const dead = await study.getTrial(0);
    expect(dead.state).toBe('failed');
    expect(dead.failReason).toMatch(/^stale heartbeat: worker dead last sent one at 1970-01-01T00:00:01.000Z/);
  });

  it('a worker judged gone by isWorkerGone is reaped at once, heartbeat fresh or not, with the reason', async () => {
    const storage = await withDeadWorker({ x: 0.7 });
    const asked: string[] = [];
    const study = await createStudy({
      storage,
      studyName: 's',
      loadIfExists: true,
      workerId: 'me',
      // The dead worker's heartbeat (t = 1 s) is 0.5 s old: far from stale by age.
      heartbeat: { intervalMs: 100, staleAfterMs: 60_000, onStale: 'requeue', isWorkerGone: (w) => (asked.push(w), w === 'dead') },
      now: () => 1_500,
    });
    const trial = await study.ask();
    expect(trial.number).toBe(0);
    expect(trial.suggestFloat('x', 0, 1)).toBe(0.7);
    expect(asked).toEqual(['dead']); // never asked about itself
    const failing = await withDeadWorker();
    const other = await createStudy({
      storage: failing,
      studyName: 's',
      loadIfExists: true,
      heartbeat: { intervalMs: 100, staleAfterMs: 60_000, isWorkerGone: () => true },
      now: () => 1_500,
    });
    await other.ask();
    expect((await other.getTrial(0)).failReason).toBe('worker dead is gone (its process ended)');
  });

  it('localWorkerGone: a dead process of this machine is gone; a live one, another host or another id form is not', async () => {
    const { spawnSync } = await import('node:child_process');
    const { hostname } = await import('node:os');
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const deadPid = Number(child.stdout.toString());
    expect(localWorkerGone(`${hostname()}:${deadPid}:abc`)).toBe(true);
    expect(localWorkerGone(`${hostname()}:${process.ppid}`)).toBe(false);
    expect(localWorkerGone(`${hostname()}:${process.pid}`)).toBe(false);
    expect(localWorkerGone(`elsewhere-${hostname()}:${deadPid}`)).toBe(false);
    expect(localWorkerGone('dead')).toBe(false);
  });

  it('with onStale requeue, the next ask reruns the stale trial with the params it had', async () => {
    const storage = await withDeadWorker({ x: 0.3 });
    const study = await createStudy({
      storage,
      studyName: 's',
      loadIfExists: true,
      heartbeat: { intervalMs: 100, staleAfterMs: 1_000, onStale: 'requeue' },
      now: () => 5_000,
    });
    const trial = await study.ask();
    expect(trial.number).toBe(0);
    expect(trial.suggestFloat('x', 0, 1)).toBe(0.3);
    await study.tell(trial, 0.3);
    expect((await study.getTrial(0)).systemAttrs.requeueCount).toBe(1);
  });

  it('a deterministic worker waiting on a trial that gets re-queued hands its own back and runs the older one', async () => {
    const inner = await withDeadWorker({ lag: 1 });
    const released: number[] = [];
    const storage = {
      ...inner,
      releaseTrial: (name: string, n: number) => {
        released.push(n);
        return inner.releaseTrial(name, n);
      },
    };
    let clock = 1_100;
    const study = await createStudy({
      storage,
      studyName: 's',
      loadIfExists: true,
      heartbeat: { intervalMs: 100, staleAfterMs: 1_000, onStale: 'requeue' },
      now: () => (clock += 50),
      pollIntervalMs: 2,
    });
    expect(study.deterministicLag).toBe(1);
    // Lag 1: trial 1 must learn from trial 0, which is still "running" (its worker is dead, not yet stale).
    const r = await study.optimize((t) => t.suggestFloat('x', 0, 1), { trials: 2 });
    expect(r.trials.map((t) => t.number).sort()).toEqual([0, 1]);
    const trials = await study.getTrials();
    expect(trials.map((t) => t.state)).toEqual(['complete', 'complete']);
    expect(released).toEqual([1]);
  });

  it('a deterministic worker waiting on a dead trial keeps its own trial alive, says what it waits for, then runs the dead one', async () => {
    // The crash-resume hang: the dead worker's trial 0 last beat at 1_000 and our trial 1 starts at
    // 1_000 too. Without heartbeats while waiting, the sweep found both stale at once, re-queued
    // both, and handing ours back threw "must be running, got waiting".
    const inner = createMemoryStorage();
    await inner.createStudy({ studyName: 's', directions: ['minimize'], systemAttrs: { deterministicLag: 1 }, now: 0 });
    await inner.startTrial('s', { workerId: 'dead', heartbeat: true, now: 1_000 });
    // The clock stands still until our trial is claimed, then moves 200 ms per reading.
    let clock = 1_000;
    let ticking = false;
    const storage: Storage = {
      ...inner,
      startTrial: async (...args: Parameters<Storage['startTrial']>) => {
        const started = await inner.startTrial(...args);
        ticking = true;
        return started;
      },
    };
    const waits: WaitEvent[] = [];
    const study = await createStudy({
      storage,
      studyName: 's',
      loadIfExists: true,
      heartbeat: { intervalMs: 100, staleAfterMs: 1_000, onStale: 'requeue' },
      now: () => (ticking ? (clock += 200) : clock),
      pollIntervalMs: 2,
      onWait: (e) => waits.push(e),
    });
    const r = await study.optimize((t) => t.suggestFloat('x', 0, 1), { trials: 2 });
    expect(r.trials.map((t) => t.number).sort()).toEqual([0, 1]);
    expect((await study.getTrials()).map((t) => t.state)).toEqual(['complete', 'complete']);
    expect(waits[0]).toEqual({ trial: 1, waitingFor: [{ number: 0, state: 'running', workerId: 'dead' }] });
    expect((await study.getTrial(0)).systemAttrs.requeueCount).toBe(1);
    expect((await study.getTrial(1)).systemAttrs.requeueCount ?? 0).toBe(0);
  });
});
