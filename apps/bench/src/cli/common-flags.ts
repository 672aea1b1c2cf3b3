import { availableParallelism } from 'node:os';
import { GLUE_TASK_NAMES, GLUE_TASKS } from '@lrdist/glue';
import { METHOD_NAMES, REPLAY_STRATEGIES } from '@lrdist/protocol';
import type { FlagSpec } from './flags.js';

/** Most worker threads a run may ask for: 4 per core (each holds a model; more only thrash). */
export const MAX_JOBS = 4 * availableParallelism();

/** Where phase-A checkpoints (and other work shared by runs) live, relative to the working directory. */
export const DEFAULT_CACHE_DIR = '.cache/lrdist';

/** `--jobs`: a worker per core. */
const JOBS_FLAG = {
  name: 'jobs',
  kind: 'int',
  min: 1,
  max: MAX_JOBS,
  default: Math.max(1, availableParallelism()),
  help: 'worker threads (one TensorFlow.js backend each)',
  example: '2',
} as const;

/** Flags every benchmark command takes (issue: "Flags for all"). */
export const COMMON_FLAGS = [
  { name: 'model', kind: 'string', default: 'mini', help: 'mini, mini-random, bert-base-uncased, or a checkpoint folder', example: 'mini' },
  {
    name: 'protocol',
    kind: 'enum',
    values: ['b-only', 'paper'],
    default: 'b-only',
    help: 'b-only: the method governs B only; paper: A and B',
    example: 'b-only',
  },
  {
    name: 'seeds',
    kind: 'int-list',
    min: 0,
    unique: true,
    help: 'seeds (initialisation of heads, data order, dropout)',
    example: '0,1,2',
    defaultText: "the model's (mini: 0,1,2)",
  },
  {
    name: 'max-train',
    kind: 'int',
    min: 1,
    help: 'cap on training examples per task (stratified)',
    example: '2000',
    defaultText: "the model's",
  },
  {
    name: 'max-eval',
    kind: 'int',
    min: 1,
    help: 'cap on validation and test examples per task',
    example: '1000',
    defaultText: "the model's",
  },
  { name: 'epochs', kind: 'int', min: 1, help: 'epochs per phase', example: '3', defaultText: "the model's" },
  { name: 'batch-size', kind: 'int', min: 1, help: 'examples per step', example: '32', defaultText: "the model's" },
  {
    name: 'max-seq-len',
    kind: 'int',
    min: 8,
    help: 'tokens per example, special tokens included',
    example: '128',
    defaultText: "the model's",
  },
  JOBS_FLAG,
  {
    name: 'data-dir',
    kind: 'string',
    help: 'GLUE folder, the only place looked in (without it: $LRDIST_DATA_DIR, ./data/glue, ../shared/data/glue, ~/.cache/lrdist/glue, a download)',
    example: 'data/glue',
  },
  { name: 'data-seed', kind: 'int', min: 0, default: 0, help: 'seed of the validation carve and the caps', example: '0' },
  { name: 'cache-dir', kind: 'string', default: DEFAULT_CACHE_DIR, help: 'phase-A checkpoints shared by runs', example: DEFAULT_CACHE_DIR },
  {
    name: 'out',
    kind: 'string',
    help: 'output folder (results.json, report.md, report.html)',
    example: 'runs/mrpc',
    defaultText: 'runs/<date>-<task>',
  },
  { name: 'json', kind: 'boolean', help: 'print results as JSON on stdout; no live display', example: '' },
  { name: 'help', kind: 'boolean', help: 'show this help', example: '' },
] as const satisfies readonly FlagSpec[];

/** Flags naming the pair. */
export const PAIR_FLAGS = [
  { name: 'task', kind: 'task', help: 'task B (the second task): cola, sst2, mrpc, stsb, qqp, mnli, qnli, rte, wnli', example: 'mrpc' },
  { name: 'original', kind: 'task', help: 'task A (the original task)', example: 'sst2', defaultText: 'per task, see below' },
] as const satisfies readonly FlagSpec[];

/** Flags choosing methods and their hyperparameters. */
export const METHOD_FLAGS = [
  {
    name: 'methods',
    kind: 'string-list',
    help: `methods to compare (${METHOD_NAMES.join(', ')})`,
    example: 'flat,llrd',
    defaultText: 'flat,flat-matched,llrd,ewc,paper-combined (+combined when it exists)',
  },
  {
    name: 'lr',
    kind: 'number',
    min: 0,
    exclusiveMin: true,
    help: "flat learning rate (flat, llrd's top, ewc, and phase A)",
    example: '1e-4',
    defaultText: "the model's",
  },
  { name: 'llrd-xi', kind: 'number', min: 0, exclusiveMin: true, help: 'LLRD decay per layer', example: '0.8', defaultText: "the model's" },
  { name: 'ewc-lambda', kind: 'number', min: 0, help: 'EWC penalty strength', example: '100', defaultText: "the model's" },
  {
    name: 'l2sp-alpha',
    kind: 'number',
    min: 0,
    help: 'L2-SP strength toward the weights B starts from',
    example: '0.1',
    defaultText: "the model's",
  },
  {
    name: 'replay-size',
    kind: 'int',
    min: 1,
    default: 100,
    help: 'replay: training examples each learnt task leaves in memory',
    example: '200',
  },
  {
    name: 'replay-strategy',
    kind: 'enum',
    values: REPLAY_STRATEGIES,
    default: 'balanced',
    help: 'replay: how they are chosen: balanced (equal per class) or reservoir (uniform)',
    example: 'reservoir',
  },
  {
    name: 'replay-per-step',
    kind: 'int',
    min: 1,
    help: 'replay: memory examples mixed into each training step',
    example: '16',
    defaultText: 'the batch size',
  },
  {
    name: 'ewc-fisher',
    kind: 'enum',
    values: ['example', 'batch'],
    default: 'example',
    help: "EWC's Fisher: squared per-example gradients (empirical), or squared batch gradients (before 2026-12)",
    example: 'batch',
  },
  {
    name: 'optimizer',
    kind: 'enum',
    values: ['adamw', 'paper'],
    help: "adamw: AdamW (decay 0.01), clipping at 1, linear schedule, fresh per phase; paper: the authors' Adam, no decay or clipping, cosine, A's moments carried into B",
    example: 'paper',
    default: 'adamw',
  },
  {
    name: 'pooler',
    kind: 'enum',
    values: ['head', 'top', 'frozen'],
    default: 'head',
    help: "the pooler's LR in B: the head's, the top layer's, or 0",
    example: 'top',
  },
] as const satisfies readonly FlagSpec[];

/** Help notes on the default pairs (the table is glue's: GlueTaskSpec.defaultOriginal). */
export const DEFAULT_ORIGINAL_NOTE = `default task A per task B: ${GLUE_TASK_NAMES.map((b) => `${b} <- ${GLUE_TASKS[b].defaultOriginal}`).join(', ')}`;
