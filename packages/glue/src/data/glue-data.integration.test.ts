import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findGlueDataRoot } from '../../test/helpers/find-glue-data.js';
import { deriveMrpcTsvs } from '../download/derive-mrpc.js';
import { hashFile } from '../download/fetch-to-file.js';
import { GLUE_SOURCES } from '../download/glue-sources.js';
import { headlineMetric } from '../metrics/headline-metric.js';
import { labelBalance } from '../split/label-balance.js';
import { splitGlueTask, validationCarveSize } from '../split/split-glue-task.js';
import { GLUE_TASKS } from '../tasks/glue-tasks.js';
import { loadGlueTask } from './load-glue-task.js';
import { resolveGlueDataDir } from './resolve-glue-data-dir.js';

const GLUE_ROOT = findGlueDataRoot();

// Row counts from the GLUE release; class counts and shares (5 decimals) computed once from the files,
// in class-index order: CoLA unacceptable/acceptable, MRPC not_equivalent/equivalent, RTE
// entailment/not_entailment, SST-2 negative/positive.
const KNOWN = {
  cola: {
    train: 8551,
    dev: 1043,
    trainCounts: [2528, 6023],
    devCounts: [322, 721],
    trainShares: [0.29564, 0.70436],
    devShares: [0.30872, 0.69128],
  },
  mrpc: {
    train: 3668,
    dev: 408,
    trainCounts: [1194, 2474],
    devCounts: [129, 279],
    trainShares: [0.32552, 0.67448],
    devShares: [0.31618, 0.68382],
  },
  rte: {
    train: 2490,
    dev: 277,
    trainCounts: [1249, 1241],
    devCounts: [146, 131],
    trainShares: [0.50161, 0.49839],
    devShares: [0.52708, 0.47292],
  },
  sst2: {
    train: 67349,
    dev: 872,
    trainCounts: [29780, 37569],
    devCounts: [428, 444],
    trainShares: [0.44217, 0.55783],
    devShares: [0.49083, 0.50917],
  },
} as const;
const TASKS = Object.keys(KNOWN) as (keyof typeof KNOWN)[];
// Shares are stated to 5 decimals, so they agree to 1e-5 absolute (rounding error <= 5e-6).
const SHARE_TOLERANCE = 1e-5;

describe.each(TASKS)('%s on the real GLUE files', (task) => {
  const known = KNOWN[task];

  it('loads every row, with no malformed row, and the known label balance', async () => {
    const data = await loadGlueTask({ task, dataDir: GLUE_ROOT, env: {} });
    expect(data.train).toHaveLength(known.train);
    expect(data.dev).toHaveLength(known.dev);
    expect(data.skipped.train.count + data.skipped.dev.count).toBe(0);
    const sets = [
      ['train', data.train, known.trainCounts, known.trainShares],
      ['dev', data.dev, known.devCounts, known.devShares],
    ] as const;
    for (const [name, set, counts, shares] of sets) {
      const balance = labelBalance(task, set);
      if (balance.kind !== 'classification') throw new Error(`${task} is a classification task`);
      const report = balance.names.map((n, i) => `${n} ${balance.counts[i]} (${((balance.proportions[i] ?? 0) * 100).toFixed(2)}%)`);
      console.info(`label balance of ${task} ${name}: ${report.join(', ')}`);
      expect(balance.counts).toEqual(counts);
      balance.proportions.forEach((share, i) => {
        expect(Math.abs(share - (shares[i] ?? Number.NaN))).toBeLessThanOrEqual(SHARE_TOLERANCE);
      });
    }
  });

  it('splits by the rule: 10% carve capped at 1,000, stratified, dev as test, caps stratified', async () => {
    const data = await loadGlueTask({ task, dataDir: GLUE_ROOT, env: {} });
    const carve = validationCarveSize(known.train);
    expect(carve).toBe(Math.min(1000, Math.round(known.train / 10)));
    const splits = splitGlueTask(data, { seed: 1234 });
    expect(splits.validation).toHaveLength(carve);
    expect(splits.train).toHaveLength(known.train - carve);
    expect(splits.test).toHaveLength(known.dev);
    const share = (examples: readonly { label: number }[]): number => examples.filter((e) => e.label === 1).length / examples.length;
    // Stratified: the carve's class-1 share is the train share to within one example.
    expect(Math.abs(share(splits.validation) - known.trainCounts[1] / known.train)).toBeLessThanOrEqual(1 / carve);
    const again = splitGlueTask(data, { seed: 1234 });
    expect(again.validation.map((e) => e.line)).toEqual(splits.validation.map((e) => e.line));

    const capped = splitGlueTask(data, { seed: 1234, maxTrain: 500, maxEval: 100 });
    expect([capped.train.length, capped.validation.length, capped.test.length]).toEqual([500, Math.min(100, carve), 100]);
    expect(Math.abs(share(capped.test) - known.devCounts[1] / known.dev)).toBeLessThanOrEqual(1 / 100);
  });

  it('matches the sha256 pinned for download verification', async () => {
    const files = GLUE_SOURCES[task].files as Readonly<Record<string, string | null>>;
    for (const [name, pinned] of Object.entries(files)) {
      const { sha256 } = await hashFile(join(GLUE_ROOT, GLUE_TASKS[task].dir, name));
      expect(sha256).toBe(pinned);
    }
  });
});

describe('the real data through the public entry points', () => {
  it('is found through LRDIST_DATA_DIR as a data root holding glue/', () => {
    const found = resolveGlueDataDir({
      task: 'sst-2',
      env: { LRDIST_DATA_DIR: join(GLUE_ROOT, '..') },
      cwd: '/nonexistent',
      homeDir: '/nonexistent',
    });
    expect(found).toMatchObject({ source: 'env', taskDir: join(GLUE_ROOT, 'SST-2') });
  });

  it('scores majority-class baselines on dev as GLUE would', async () => {
    const mrpc = await loadGlueTask({ task: 'mrpc', dataDir: GLUE_ROOT, env: {} });
    const labels = mrpc.dev.map((e) => e.label);
    const score = headlineMetric(
      'mrpc',
      labels.map(() => 1),
      labels,
    );
    // Always "equivalent": accuracy 279/408, F1 = 2*279 / (2*279 + 129).
    expect(score.metrics.accuracy).toBeCloseTo(279 / 408, 12);
    expect(score.metrics.f1).toBeCloseTo(558 / 687, 12);
    const cola = await loadGlueTask({ task: 'cola', dataDir: GLUE_ROOT, env: {} });
    const colaLabels = cola.dev.map((e) => e.label);
    expect(
      headlineMetric(
        'cola',
        colaLabels.map(() => 1),
        colaLabels,
      ).value,
    ).toBe(0);
  });
});

describe('MRPC rebuilt from a corpus file', () => {
  it('reproduces the real train.tsv and dev.tsv byte for byte (their pinned sha256)', () => {
    // The real files are the GLUE script's output; interleave them back into one corpus file with
    // CRLF line ends, as the Microsoft original has, and list the dev id pairs.
    const read = (name: string): string[] =>
      readFileSync(join(GLUE_ROOT, 'MRPC', name), 'utf8')
        .split('\n')
        .filter((l) => l !== '');
    const [header = '', ...train] = read('train.tsv');
    const dev = read('dev.tsv').slice(1);
    const corpus: string[] = [header];
    let d = 0;
    train.forEach((row, i) => {
      corpus.push(row);
      if (i % 9 === 8 && d < dev.length) corpus.push(dev[d++] ?? '');
    });
    corpus.push(...dev.slice(d));
    const ids = dev.map((row) => row.split('\t').slice(1, 3).join('\t')).join('\r\n');
    const out = deriveMrpcTsvs(`${corpus.join('\r\n')}\r\n`, `${ids}\r\n`);
    const sha = (text: string): string => createHash('sha256').update(text).digest('hex');
    expect(sha(out['train.tsv'])).toBe(GLUE_SOURCES.mrpc.files['train.tsv']);
    expect(sha(out['dev.tsv'])).toBe(GLUE_SOURCES.mrpc.files['dev.tsv']);
  });
});
