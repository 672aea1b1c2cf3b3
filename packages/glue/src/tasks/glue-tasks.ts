/**
 * The nine GLUE tasks as typed data.
 *
 * Layouts follow the files the GLUE download script produces (Wang et al., ICLR 2019;
 * nyu-mll/GLUE-baselines `download_glue_data.py`), as read by Hugging Face's GLUE processors
 * (`transformers/data/processors/glue.py`) and `datasets/glue/glue.py`, and, for CoLA, MRPC, RTE and
 * SST-2, the real files. Class order follows `datasets/glue` (so class indices agree with Hugging Face
 * checkpoints fine-tuned through `datasets`); the positive class for F1 is index 1.
 */

/** Canonical task names, lower case; the registry's keys. */
export const GLUE_TASK_NAMES = ['cola', 'sst2', 'mrpc', 'stsb', 'qqp', 'mnli', 'qnli', 'rte', 'wnli'] as const;

/** One of the nine GLUE tasks. */
export type GlueTaskName = (typeof GLUE_TASK_NAMES)[number];

/** Metrics this package computes. */
export type GlueMetricName = 'accuracy' | 'f1' | 'mcc' | 'pearson' | 'spearman';

/** How a task's single reported figure is made from its metrics. */
export type GlueHeadlineName = 'accuracy' | 'mcc' | 'mean-f1-accuracy' | 'mean-pearson-spearman';

/** Column layout of one TSV file (0-based column indices). */
export interface GlueFileLayout {
  /** File name inside the task directory. */
  readonly file: string;
  /** Whether line 1 is a header (CoLA's train and dev are the only files without one). */
  readonly header: boolean;
  /** Exact number of tab-separated columns in every row. */
  readonly columns: number;
  /** Column of the (first) text. */
  readonly text: number;
  /** Column of the second text of a pair task. */
  readonly textPair?: number;
  /** Column of the label. */
  readonly label: number;
  /** Header names of the text, pair and label columns, checked when `header` is true. */
  readonly names: { readonly text: string; readonly textPair?: string; readonly label: string };
}

/** Label set of a classification task: TSV values in class-index order, with readable names. */
export interface GlueClassificationLabels {
  readonly kind: 'classification';
  /** The label strings as they appear in the TSV; class index = position. */
  readonly values: readonly string[];
  /** Human names of the classes, same order. */
  readonly names: readonly string[];
}

/** Label of a regression task: a decimal score in [min, max]. */
export interface GlueRegressionLabels {
  readonly kind: 'regression';
  readonly min: number;
  readonly max: number;
}

/** Everything the package knows about one task. */
export interface GlueTaskSpec {
  /** Display name and directory name (`CoLA`, `SST-2`, ...). */
  readonly dir: string;
  /** One-line description. */
  readonly description: string;
  /** Names of the text fields (one for single-sentence tasks, two for pair tasks). */
  readonly textFields: readonly [string] | readonly [string, string];
  /** The training file. */
  readonly train: GlueFileLayout;
  /** GLUE dev files by split name; the first is the default (MNLI: matched, mismatched). */
  readonly dev: Readonly<Record<string, GlueFileLayout>>;
  readonly labels: GlueClassificationLabels | GlueRegressionLabels;
  /** Metrics reported for the task (accuracy always for classification). */
  readonly metrics: readonly GlueMetricName[];
  /** The GLUE headline figure. */
  readonly headline: GlueHeadlineName;
  /**
   * Task A of lrdist's forgetting pairs when this task is B and no other is named: a task of another
   * kind (sentiment and paraphrase, acceptability and entailment), so that B has something to overwrite.
   */
  readonly defaultOriginal: GlueTaskName;
}

const COLA_LAYOUT = {
  header: false,
  columns: 4,
  text: 3,
  label: 1,
  names: { text: 'sentence', label: 'label' },
} as const;

const SST2_LAYOUT = {
  header: true,
  columns: 2,
  text: 0,
  label: 1,
  names: { text: 'sentence', label: 'label' },
} as const;

const MRPC_LAYOUT = {
  header: true,
  columns: 5,
  text: 3,
  textPair: 4,
  label: 0,
  names: { text: '#1 String', textPair: '#2 String', label: 'Quality' },
} as const;

const STSB_LAYOUT = {
  header: true,
  columns: 10,
  text: 7,
  textPair: 8,
  label: 9,
  names: { text: 'sentence1', textPair: 'sentence2', label: 'score' },
} as const;

const QQP_LAYOUT = {
  header: true,
  columns: 6,
  text: 3,
  textPair: 4,
  label: 5,
  names: { text: 'question1', textPair: 'question2', label: 'is_duplicate' },
} as const;

// MNLI train: index, promptID, pairID, genre, 4 parse columns, sentence1, sentence2, label1, gold_label.
const MNLI_TRAIN_LAYOUT = {
  header: true,
  columns: 12,
  text: 8,
  textPair: 9,
  label: 11,
  names: { text: 'sentence1', textPair: 'sentence2', label: 'gold_label' },
} as const;

// MNLI dev carries the five annotators' labels (label1..label5) before gold_label.
const MNLI_DEV_LAYOUT = { ...MNLI_TRAIN_LAYOUT, columns: 16, label: 15 } as const;

const NLI_PAIR_LAYOUT = {
  header: true,
  columns: 4,
  text: 1,
  textPair: 2,
  label: 3,
  names: { text: 'sentence1', textPair: 'sentence2', label: 'label' },
} as const;

const QNLI_LAYOUT = {
  ...NLI_PAIR_LAYOUT,
  names: { text: 'question', textPair: 'sentence', label: 'label' },
} as const;

const BINARY = ['0', '1'] as const;
const ENTAILMENT = ['entailment', 'not_entailment'] as const;

/** The registry of all nine GLUE tasks. */
export const GLUE_TASKS = {
  cola: {
    dir: 'CoLA',
    description: 'Corpus of Linguistic Acceptability: is the sentence grammatical?',
    textFields: ['sentence'],
    train: { file: 'train.tsv', ...COLA_LAYOUT },
    dev: { dev: { file: 'dev.tsv', ...COLA_LAYOUT } },
    labels: { kind: 'classification', values: BINARY, names: ['unacceptable', 'acceptable'] },
    metrics: ['mcc', 'accuracy'],
    headline: 'mcc',
    defaultOriginal: 'rte',
  },
  sst2: {
    dir: 'SST-2',
    description: 'Stanford Sentiment Treebank, binary: is the movie-review phrase positive?',
    textFields: ['sentence'],
    train: { file: 'train.tsv', ...SST2_LAYOUT },
    dev: { dev: { file: 'dev.tsv', ...SST2_LAYOUT } },
    labels: { kind: 'classification', values: BINARY, names: ['negative', 'positive'] },
    metrics: ['accuracy'],
    headline: 'accuracy',
    defaultOriginal: 'mrpc',
  },
  mrpc: {
    dir: 'MRPC',
    description: 'Microsoft Research Paraphrase Corpus: are the two news sentences paraphrases?',
    textFields: ['sentence1', 'sentence2'],
    train: { file: 'train.tsv', ...MRPC_LAYOUT },
    dev: { dev: { file: 'dev.tsv', ...MRPC_LAYOUT } },
    labels: { kind: 'classification', values: BINARY, names: ['not_equivalent', 'equivalent'] },
    metrics: ['f1', 'accuracy'],
    headline: 'mean-f1-accuracy',
    defaultOriginal: 'sst2',
  },
  stsb: {
    dir: 'STS-B',
    description: 'Semantic Textual Similarity Benchmark: similarity of two sentences, 0 to 5.',
    textFields: ['sentence1', 'sentence2'],
    train: { file: 'train.tsv', ...STSB_LAYOUT },
    dev: { dev: { file: 'dev.tsv', ...STSB_LAYOUT } },
    labels: { kind: 'regression', min: 0, max: 5 },
    metrics: ['pearson', 'spearman'],
    headline: 'mean-pearson-spearman',
    defaultOriginal: 'mrpc',
  },
  qqp: {
    dir: 'QQP',
    description: 'Quora Question Pairs: do the two questions ask the same thing?',
    textFields: ['question1', 'question2'],
    train: { file: 'train.tsv', ...QQP_LAYOUT },
    dev: { dev: { file: 'dev.tsv', ...QQP_LAYOUT } },
    labels: { kind: 'classification', values: BINARY, names: ['not_duplicate', 'duplicate'] },
    metrics: ['f1', 'accuracy'],
    headline: 'mean-f1-accuracy',
    defaultOriginal: 'sst2',
  },
  mnli: {
    dir: 'MNLI',
    description: 'Multi-Genre NLI: does the premise entail, contradict or not bear on the hypothesis?',
    textFields: ['premise', 'hypothesis'],
    train: { file: 'train.tsv', ...MNLI_TRAIN_LAYOUT },
    dev: {
      matched: { file: 'dev_matched.tsv', ...MNLI_DEV_LAYOUT },
      mismatched: { file: 'dev_mismatched.tsv', ...MNLI_DEV_LAYOUT },
    },
    labels: {
      kind: 'classification',
      values: ['entailment', 'neutral', 'contradiction'],
      names: ['entailment', 'neutral', 'contradiction'],
    },
    metrics: ['accuracy'],
    headline: 'accuracy',
    defaultOriginal: 'rte',
  },
  qnli: {
    dir: 'QNLI',
    description: 'Question NLI (from SQuAD): does the sentence answer the question?',
    textFields: ['question', 'sentence'],
    train: { file: 'train.tsv', ...QNLI_LAYOUT },
    dev: { dev: { file: 'dev.tsv', ...QNLI_LAYOUT } },
    labels: { kind: 'classification', values: ENTAILMENT, names: ENTAILMENT },
    metrics: ['accuracy'],
    headline: 'accuracy',
    defaultOriginal: 'rte',
  },
  rte: {
    dir: 'RTE',
    description: 'Recognizing Textual Entailment: does sentence 1 entail sentence 2?',
    textFields: ['sentence1', 'sentence2'],
    train: { file: 'train.tsv', ...NLI_PAIR_LAYOUT },
    dev: { dev: { file: 'dev.tsv', ...NLI_PAIR_LAYOUT } },
    labels: { kind: 'classification', values: ENTAILMENT, names: ENTAILMENT },
    metrics: ['accuracy'],
    headline: 'accuracy',
    defaultOriginal: 'cola',
  },
  wnli: {
    dir: 'WNLI',
    description: 'Winograd NLI: is the sentence with the pronoun substituted entailed?',
    textFields: ['sentence1', 'sentence2'],
    train: { file: 'train.tsv', ...NLI_PAIR_LAYOUT },
    dev: { dev: { file: 'dev.tsv', ...NLI_PAIR_LAYOUT } },
    labels: { kind: 'classification', values: BINARY, names: ['not_entailment', 'entailment'] },
    metrics: ['accuracy'],
    headline: 'accuracy',
    defaultOriginal: 'rte',
  },
} as const satisfies Record<GlueTaskName, GlueTaskSpec>;

/** The spec of a task, typed as the general interface (for code that handles any task). */
export function glueTaskSpec(task: GlueTaskName): GlueTaskSpec {
  return GLUE_TASKS[task];
}

/** The dev split names of a task, default first (`['dev']`, or MNLI's `['matched', 'mismatched']`). */
export function glueDevSplits(task: GlueTaskName): readonly string[] {
  return Object.keys(GLUE_TASKS[task].dev);
}

/** Whether a task is scored as classification (true for all but STS-B). */
export function isClassificationTask(task: GlueTaskName): boolean {
  return GLUE_TASKS[task].labels.kind === 'classification';
}

/** Number of classes of a classification task; 1 for the regression task. */
export function glueNumLabels(task: GlueTaskName): number {
  const labels = glueTaskSpec(task).labels;
  return labels.kind === 'classification' ? labels.values.length : 1;
}
