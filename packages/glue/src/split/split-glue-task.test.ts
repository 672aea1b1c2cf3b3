import { describe, expect, it } from 'vitest';
import { SplitOptionsError } from '../errors.js';
import type { GlueExample } from '../tsv/glue-example.js';
import { labelBalance } from './label-balance.js';
import { splitGlueTask, validationCarveSize } from './split-glue-task.js';

// Binary task, 30% positives, positives clustered at the end so that an unstratified draw would show.
function binaryTask(n: number): GlueExample[] {
  return Array.from({ length: n }, (_, i) => ({ line: i + 1, text: `s${i}`, label: i >= n * 0.7 ? 1 : 0 }));
}
const ref = { task: 'mrpc', dev: 'dev' } as const;

describe('validationCarveSize', () => {
  it('takes 10% rounded, at most 1,000', () => {
    expect(validationCarveSize(3668)).toBe(367);
    expect(validationCarveSize(2490)).toBe(249);
    expect(validationCarveSize(8551)).toBe(855);
    expect(validationCarveSize(67349)).toBe(1000);
    expect(validationCarveSize(5)).toBe(1);
    expect(validationCarveSize(100, 0.25, 10)).toBe(10);
  });
});

describe('splitGlueTask', () => {
  const train = binaryTask(3000);
  const dev = binaryTask(800);

  it('carves validation from train, keeps GLUE dev as test, and loses nothing', () => {
    const splits = splitGlueTask({ ref, train, dev }, { seed: 1 });
    expect(splits.validation).toHaveLength(300);
    expect(splits.train).toHaveLength(2700);
    expect(splits.test).toEqual(dev);
    const all = [...splits.train, ...splits.validation].map((e) => e.line).sort((a, b) => a - b);
    expect(all).toEqual(train.map((e) => e.line));
    expect(new Set(splits.validation.map((e) => e.line)).size).toBe(300);
    // File order is kept.
    expect(splits.validation.map((e) => e.line)).toEqual([...splits.validation.map((e) => e.line)].sort((a, b) => a - b));
  });

  it('preserves class proportions in every set (to one example per class)', () => {
    const splits = splitGlueTask({ ref, train, dev }, { seed: 3, maxTrain: 1001, maxEval: 77 });
    for (const set of [splits.train, splits.validation, splits.test]) {
      const balance = labelBalance('mrpc', set);
      if (balance.kind !== 'classification') throw new Error('binary task expected');
      expect(Math.abs((balance.counts[1] ?? 0) - 0.3 * set.length)).toBeLessThanOrEqual(1);
    }
    expect(splits.train).toHaveLength(1001);
    expect(splits.validation).toHaveLength(77);
    expect(splits.test).toHaveLength(77);
  });

  it('is reproducible for a seed and differs between seeds', () => {
    const a = splitGlueTask({ ref, train, dev }, { seed: 11, maxEval: 50 });
    const b = splitGlueTask({ ref, train, dev }, { seed: 11, maxEval: 50 });
    const c = splitGlueTask({ ref, train, dev }, { seed: 12, maxEval: 50 });
    expect(b).toEqual(a);
    expect(c.validation).not.toEqual(a.validation);
    expect(c.test).not.toEqual(a.test);
  });

  it('stratifies a regression task by score quantile bins', () => {
    const scores = Array.from({ length: 1000 }, (_, i) => ({ line: i + 1, text: '', label: (i % 100) / 20 }));
    const splits = splitGlueTask({ ref: { task: 'stsb', dev: 'dev' }, train: scores, dev: [] }, { seed: 5 });
    const low = splits.validation.filter((e) => e.label < 2.5).length;
    expect(splits.validation).toHaveLength(100);
    expect(low).toBe(50);
  });

  it('leaves sets alone when a cap is larger, and carves nothing at fraction 0', () => {
    const splits = splitGlueTask({ ref, train, dev }, { seed: 2, maxTrain: 10_000, maxEval: 10_000, validationFraction: 0 });
    expect(splits.validation).toEqual([]);
    expect(splits.train).toEqual(train);
    expect(splits.test).toEqual(dev);
  });

  it.each([
    [{ seed: -1 }, /seed/],
    [{ seed: 1.5 }, /seed/],
    [{ seed: 1, validationFraction: 1 }, /validationFraction/],
    [{ seed: 1, maxTrain: 0 }, /maxTrain/],
    [{ seed: 1, maxEval: 2.5 }, /maxEval/],
  ])('refuses %j', (options, message) => {
    expect(() => splitGlueTask({ ref, train, dev }, options)).toThrow(SplitOptionsError);
    expect(() => splitGlueTask({ ref, train, dev }, options)).toThrow(message);
  });
});
