import { createRng, type Example } from '@lrdist/model';
import { resolveGlueTask } from '@lrdist/glue';
import { describe, expect, it } from 'vitest';
import { MethodPlanError } from './errors.js';
import { planMethods } from './methods.js';
import type { PreparedTask } from './prepare-task.js';
import { replayMemory } from './replay-memory.js';

/** A task whose training examples are `labels`, example i holding token 100 + i so that picks can be traced. */
function taskOf(labels: readonly number[], kind: 'classification' | 'regression' = 'classification'): PreparedTask {
  const train: Example[] = labels.map((label, i) => ({ inputIds: Int32Array.from([101, 100 + i, 102]), label }));
  return {
    name: 't',
    ref: resolveGlueTask(kind === 'regression' ? 'stsb' : 'sst2'),
    head: kind === 'regression' ? { name: 't', kind, numLabels: 1 } : { name: 't', kind, numLabels: 3 },
    train,
    validation: [],
    test: [],
    score: () => ({ headline: 0, metrics: {} }),
  };
}
const picked = (memory: readonly Example[]) => memory.map((e) => e.inputIds[1]! - 100);

describe('replayMemory', () => {
  it('keeps an equal share of each class, and hands what a small class lacks to the others', () => {
    // 12 of class 0, 6 of class 1, 2 of class 2.
    const labels = [...Array(12).fill(0), ...Array(6).fill(1), 2, 2];
    const task = taskOf(labels);
    const count = (memory: readonly Example[], c: number) => memory.filter((e) => e.label === c).length;
    const nine = replayMemory(task, { size: 9, strategy: 'balanced' }, createRng(1));
    // Three each, class 2 can give two: its missing one goes to the first open class.
    expect([0, 1, 2].map((c) => count(nine, c))).toEqual([4, 3, 2]);
    const fourteen = replayMemory(task, { size: 14, strategy: 'balanced' }, createRng(1));
    expect([0, 1, 2].map((c) => count(fourteen, c))).toEqual([6, 6, 2]);
    // Labelled with the task's head, in training order, distinct, and all of it when asked for more.
    expect(nine.every((e) => e.head === 't')).toBe(true);
    expect(picked(nine)).toEqual([...new Set(picked(nine))].sort((a, b) => a - b));
    expect(replayMemory(task, { size: 50, strategy: 'balanced' }, createRng(1))).toHaveLength(20);
  });

  it('keeps a uniform sample with the reservoir (each example with probability k / n)', () => {
    const task = taskOf(Array(10).fill(0));
    const hits = new Array<number>(10).fill(0);
    const rng = createRng(7);
    for (let run = 0; run < 1000; run++) for (const i of picked(replayMemory(task, { size: 3, strategy: 'reservoir' }, rng))) hits[i]!++;
    // 1000 runs x 3 / 10 = 300 expected per example; binomial sd ~14.5.
    for (const h of hits) expect(Math.abs(h - 300)).toBeLessThan(60);
  });

  it('samples a regression task with the reservoir, and the same generator state gives the same memory', () => {
    const task = taskOf([0.5, 1.5, 2.5, 3.5, 4.5, 0.1], 'regression');
    const a = replayMemory(task, { size: 4, strategy: 'balanced' }, createRng(3));
    expect(a).toHaveLength(4);
    expect(picked(a)).toEqual(picked(replayMemory(task, { size: 4, strategy: 'reservoir' }, createRng(3))));
  });

  it('rejects settings it cannot use, naming the field', () => {
    const task = taskOf([0, 1]);
    expect(() => replayMemory(task, { size: 0, strategy: 'balanced' }, createRng(1))).toThrow(/memory size must be a positive integer/);
    expect(() => replayMemory(task, { size: 2, strategy: 'fifo' as never }, createRng(1))).toThrow(
      /one of balanced, reservoir, got 'fifo'/,
    );
    expect(() => replayMemory(task, { size: 2, strategy: 'balanced', perStep: 1.5 }, createRng(1))).toThrow(MethodPlanError);
  });

  it("is a method: the flat LR with the memory's settings, and a plan without them is refused", () => {
    const base = { layers: 2, flatLr: 2e-5, llrdXi: 0.8, ewcLambda: 1, combined: null } as const;
    const [plan] = planMethods({ ...base, methods: ['replay'], replay: { size: 100, strategy: 'balanced' } });
    expect(plan!.replay).toEqual({ size: 100, strategy: 'balanced' });
    expect(Object.values(plan!.lrs).every((lr) => lr === 2e-5)).toBe(true);
    expect(plan!.description).toMatch(/needs the earlier tasks' data/);
    expect(() => planMethods({ ...base, methods: ['replay'] })).toThrow(/--replay-size/);
  });
});
