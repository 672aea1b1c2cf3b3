import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { GlueTaskName } from '../tasks/glue-tasks.js';
import type { GlueExample } from '../tsv/glue-example.js';
import { createRng } from './rng.js';
import { splitGlueTask } from './split-glue-task.js';

// Made by scripts/make_split_fixtures.py: an independent Python implementation of the same RNG and
// stratified split, run on synthetic tasks. Agreement means the split is the documented algorithm,
// with integer-only arithmetic, and so the same on every machine.
interface SplitCase {
  name: string;
  task: GlueTaskName;
  seed: number;
  trainSize: number;
  devSize: number;
  maxTrain: number | null;
  maxEval: number | null;
  expected: { train: number[]; validation: number[]; test: number[] };
}
const fixture = JSON.parse(readFileSync(new URL('../../test/fixtures/splits.json', import.meta.url), 'utf8')) as {
  rng: { seed: number; stream: string; uint32: number[]; nextInt: number[] }[];
  splits: SplitCase[];
};

function classificationTask(n: number, offset: number): GlueExample[] {
  return Array.from({ length: n }, (_, i) => {
    const r = (i * 7919 + offset) % 100;
    return { line: i + 2, text: `t${i}`, label: r < 55 ? 0 : r < 85 ? 1 : 2 };
  });
}

function regressionTask(n: number): GlueExample[] {
  return Array.from({ length: n }, (_, i) => ({ line: i + 2, text: `t${i}`, label: ((i * 37) % 26) / 5 }));
}

function lines(examples: readonly GlueExample[]): number[] {
  return examples.map((e) => e.line);
}

describe('seeded RNG matches the Python reference', () => {
  it.each(fixture.rng.map((c) => [c.seed, c.stream, c] as const))('seed %d stream %j', (seed, stream, c) => {
    const rng = createRng(seed, stream);
    expect(Array.from({ length: 6 }, () => rng.nextUint32())).toEqual(c.uint32);
    expect([1, 2, 3, 10, 1000, 2 ** 31 + 11].map((n) => rng.nextInt(n))).toEqual(c.nextInt);
  });
});

describe('splitGlueTask matches the Python reference', () => {
  it.each(fixture.splits.map((c) => [c.name, c.seed, c] as const))('%s, seed %d', (_, seed, c) => {
    const regression = c.task === 'stsb';
    const train = regression ? regressionTask(c.trainSize) : classificationTask(c.trainSize, 0);
    const dev = regression ? regressionTask(c.devSize) : classificationTask(c.devSize, 13);
    const splits = splitGlueTask(
      { ref: { task: c.task, dev: c.task === 'mnli' ? 'matched' : 'dev' }, train, dev },
      {
        seed,
        ...(c.maxTrain === null ? {} : { maxTrain: c.maxTrain }),
        ...(c.maxEval === null ? {} : { maxEval: c.maxEval }),
      },
    );
    expect(lines(splits.train)).toEqual(c.expected.train);
    expect(lines(splits.validation)).toEqual(c.expected.validation);
    expect(lines(splits.test)).toEqual(c.expected.test);
  });

  it('keeps the committed validation lines of the 2,003-example task, seed 42', () => {
    const splits = splitGlueTask({ ref: { task: 'mnli', dev: 'matched' }, train: classificationTask(2003, 0), dev: [] }, { seed: 42 });
    const digest = createHash('sha256').update(lines(splits.validation).join(',')).digest('hex');
    // Guards the on-disk meaning of a seed: change it only with a note in the changelog.
    expect(digest).toBe('97904e15d83a9883ff93a99e552c47d0232b48bc4c2c88a905a30f48938241fb');
  });
});
