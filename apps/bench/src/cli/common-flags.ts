import { availableParallelism } from 'node:os';
import { METHOD_NAMES } from '@lrdist/protocol';
import type { FlagSpec } from './flags.js';

/** Most worker threads a run may ask for: 4 per core (each holds a model; more only thrash). */
export const MAX_JOBS = 4 * availableParallelism();

/** Flags every benchmark command takes (issue: "Flags for all"). */
export const COMMON_FLAGS: readonly FlagSpec[] = [
  { name: 'model', kind: 'string', help: 'mini, mini-random, bert-base-uncased, or a checkpoint folder', example: 'mini', defaultText: 'mini' },
  { name: 'protocol', kind: 'enum', values: ['b-only', 'paper'], help: 'b-only: the method governs B only; paper: A and B', example: 'b-only', defaultText: 'b-only' },
  { name: 'seeds', kind: 'int-list', min: 0, unique: true, help: 'seeds (initialisation of heads, data order, dropout)', example: '0,1,2', defaultText: "the model's (mini: 0,1,2)" },
  { name: 'max-train', kind: 'int', min: 1, help: 'cap on training examples per task (stratified)', example: '2000', defaultText: "the model's" },
  { name: 'max-eval', kind: 'int', min: 1, help: 'cap on validation and test examples per task', example: '1000', defaultText: "the model's" },
  { name: 'epochs', kind: 'int', min: 1, help: 'epochs per phase', example: '3', defaultText: "the model's" },
  { name: 'batch-size', kind: 'int', min: 1, help: 'examples per step', example: '32', defaultText: "the model's" },
  { name: 'max-seq-len', kind: 'int', min: 8, help: 'tokens per example, special tokens included', example: '128', defaultText: "the model's" },
  { name: 'jobs', kind: 'int', min: 1, max: MAX_JOBS, help: 'worker threads (one TensorFlow.js backend each)', example: '2', defaultText: 'the number of cores' },
  { name: 'data-dir', kind: 'string', help: 'GLUE folder, the only place looked in (without it: $LRDIST_DATA_DIR, ./data/glue, ../shared/data/glue, ~/.cache/lrdist/glue, a download)', example: 'data/glue' },
  { name: 'data-seed', kind: 'int', min: 0, help: 'seed of the validation carve and the caps', example: '0', defaultText: '0' },
  { name: 'cache-dir', kind: 'string', help: 'phase-A checkpoints shared by runs', example: '.cache/lrdist', defaultText: '.cache/lrdist' },
  { name: 'out', kind: 'string', help: 'output folder (results.json, report.md, report.html)', example: 'runs/mrpc', defaultText: 'runs/<date>-<task>' },
  { name: 'json', kind: 'boolean', help: 'print results as JSON on stdout; no live display', example: '' },
  { name: 'help', kind: 'boolean', help: 'show this help', example: '' },
];

/** Flags naming the pair. */
export const PAIR_FLAGS: readonly FlagSpec[] = [
  { name: 'task', kind: 'string', help: 'task B (the second task): cola, sst2, mrpc, stsb, qqp, mnli, qnli, rte, wnli', example: 'mrpc' },
  { name: 'original', kind: 'string', help: 'task A (the original task)', example: 'sst2', defaultText: 'per task, see below' },
];

/** Flags choosing methods and their hyperparameters. */
export const METHOD_FLAGS: readonly FlagSpec[] = [
  { name: 'methods', kind: 'string-list', help: `methods to compare (${METHOD_NAMES.join(', ')})`, example: 'flat,llrd', defaultText: 'flat,flat-matched,llrd,ewc,paper-combined (+combined when it exists)' },
  { name: 'lr', kind: 'number', min: 0, exclusiveMin: true, help: "flat learning rate (flat, llrd's top, ewc, and phase A)", example: '1e-4', defaultText: "the model's" },
  { name: 'llrd-xi', kind: 'number', min: 0, exclusiveMin: true, help: 'LLRD decay per layer', example: '0.8', defaultText: "the model's" },
  { name: 'ewc-lambda', kind: 'number', min: 0, help: 'EWC penalty strength', example: '100', defaultText: "the model's" },
  { name: 'ewc-fisher', kind: 'enum', values: ['example', 'batch'], help: "EWC's Fisher: squared per-example gradients (empirical), or squared batch gradients (before 2026-12)", example: 'batch', defaultText: 'example' },
  {
    name: 'optimizer',
    kind: 'enum',
    values: ['adamw', 'paper'],
    help: "adamw: AdamW (decay 0.01), clipping at 1, linear schedule, fresh per phase; paper: the authors' Adam, no decay or clipping, cosine, A's moments carried into B",
    example: 'paper',
    defaultText: 'adamw',
  },
  { name: 'pooler', kind: 'enum', values: ['head', 'top', 'frozen'], help: "the pooler's LR in B: the head's, the top layer's, or 0", example: 'top', defaultText: 'head' },
];

/** Task A when `--original` is not given: a pair of different kinds (sentiment/paraphrase, acceptability/entailment). */
export const DEFAULT_ORIGINAL: Readonly<Record<string, string>> = {
  mrpc: 'sst2',
  sst2: 'mrpc',
  cola: 'rte',
  rte: 'cola',
  stsb: 'mrpc',
  qqp: 'sst2',
  mnli: 'rte',
  'mnli-m': 'rte',
  'mnli-mm': 'rte',
  qnli: 'rte',
  wnli: 'rte',
};

/** Help notes on the default pairs. */
export const DEFAULT_ORIGINAL_NOTE = `default task A per task B: ${Object.entries(DEFAULT_ORIGINAL)
  .map(([b, a]) => `${b} <- ${a}`)
  .join(', ')}`;
