import {
  GLUE_TASKS,
  glueNumLabels,
  headlineMetric,
  loadGlueTask,
  resolveGlueTask,
  splitGlueTask,
  type GlueExample,
  type GlueTaskRef,
} from '@lrdist/glue';
import type { Example, HeadSpec } from '@lrdist/model';
import type { BertTokenizer } from '@lrdist/tokenizer';
import type { Score } from './score.js';

/** A GLUE task ready for the model: tokenised splits, its head, and how to score predictions. */
export interface PreparedTask {
  /** The CLI name (`mrpc`, `sst2`, ...), also the head's name. */
  readonly name: string;
  readonly ref: GlueTaskRef;
  readonly head: HeadSpec;
  readonly train: readonly Example[];
  /** The validation carve: what search, early stopping and pruning see. */
  readonly validation: readonly Example[];
  /** GLUE dev: what reported figures are measured on. */
  readonly test: readonly Example[];
  /** Headline metric and every other metric of the task. */
  score(predictions: readonly number[], examples: readonly Example[]): Score;
}

/** Options of {@link prepareTask}. */
export interface PrepareTaskOptions {
  readonly task: string;
  readonly tokenizer: BertTokenizer;
  readonly maxSeqLength: number;
  /** Seed of the validation carve and of the caps. */
  readonly dataSeed: number;
  readonly maxTrain?: number;
  readonly maxEval?: number;
  /** `--data-dir`. */
  readonly dataDir?: string;
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The CLI name of a task (`sst2`, `sts-b` -> `stsb`). */
export function taskCliName(ref: GlueTaskRef): string {
  return ref.dev === 'dev' ? ref.task : `${ref.task}-${ref.dev === 'matched' ? 'm' : 'mm'}`;
}

/** Loads, splits (DESIGN.md: seeded stratified carve, GLUE dev as test, caps) and tokenises a task. */
export async function prepareTask(options: PrepareTaskOptions): Promise<PreparedTask> {
  const ref = resolveGlueTask(options.task);
  const data = await loadGlueTask({
    task: options.task,
    download: true,
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...(options.env === undefined ? {} : { env: options.env }),
  });
  const splits = splitGlueTask(data, {
    seed: options.dataSeed,
    ...(options.maxTrain === undefined ? {} : { maxTrain: options.maxTrain }),
    ...(options.maxEval === undefined ? {} : { maxEval: options.maxEval }),
  });
  const regression = GLUE_TASKS[ref.task].labels.kind === 'regression';
  const encode = (examples: readonly GlueExample[]): Example[] => {
    const inputs = examples.map((e) => (e.textPair === undefined ? e.text : ([e.text, e.textPair] as [string, string])));
    return options.tokenizer.encodeMany(inputs, { maxLength: options.maxSeqLength }).map((enc, i) => ({
      inputIds: enc.inputIds,
      tokenTypeIds: enc.tokenTypeIds,
      label: examples[i]!.label,
    }));
  };
  const name = taskCliName(ref);
  return {
    name,
    ref,
    head: {
      name: name.replace(/[^A-Za-z0-9_-]/g, '_'),
      kind: regression ? 'regression' : 'classification',
      numLabels: glueNumLabels(ref.task),
    },
    train: encode(splits.train),
    validation: encode(splits.validation),
    test: encode(splits.test),
    score(predictions, examples) {
      const labels = examples.map((e) => e.label ?? Number.NaN);
      const s = headlineMetric(ref, predictions, labels);
      const score = {
        headline: s.value,
        metrics: Object.fromEntries(Object.entries(s.metrics).filter(([, v]) => typeof v === 'number')) as Record<string, number>,
      };
      return regression ? score : { ...score, ...majorityAndCollapse(ref, predictions, labels) };
    },
  };
}

/**
 * What a model that learnt nothing but the label frequencies scores (the headline of a constant
 * prediction of the most frequent label), and whether this model predicted one class throughout.
 */
export function majorityAndCollapse(
  ref: GlueTaskRef,
  predictions: readonly number[],
  labels: readonly number[],
): { majority: number; collapsed: boolean } {
  const majority = mostFrequent(labels);
  return {
    majority: headlineMetric(
      ref,
      labels.map(() => majority),
      labels,
    ).value,
    collapsed: new Set(predictions).size === 1,
  };
}

/** The most frequent value (the smallest of those tied). */
function mostFrequent(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = Number.NaN;
  let bestCount = -1;
  for (const [v, c] of [...counts].sort((a, b) => a[0] - b[0])) {
    if (c > bestCount) [best, bestCount] = [v, c];
  }
  return best;
}
