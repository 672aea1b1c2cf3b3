// Experience replay: a few examples of earlier tasks, kept in a memory, are mixed into every step of
// a later task (Chaudhry et al. 2019, "On Tiny Episodic Memories in Continual Learning": a replay
// batch beside each current batch). Each kept example is scored by its own task's head, which stays
// frozen: only the encoder is pulled back toward what the earlier tasks need.
import type { BertModel } from '../bert/bert-model.js';
import { InvalidOptionsError } from '../errors.js';
import type { Rng } from '../util/rng.js';
import { collate, validateExamples, type Example } from './batching.js';
import type { TrainingBatch } from './objective.js';

/** An earlier task's example kept for replay, with the name of the head that scores it. */
export interface ReplayExample extends Example {
  readonly head: string;
}

/** What replay mixes into training. */
export interface ReplayOptions {
  /** The memory: every earlier task's kept examples, labelled. */
  readonly examples: readonly ReplayExample[];
  /** Examples drawn from memory for each step (distinct within a step). Default: the batch size, as Chaudhry et al. */
  readonly perStep?: number;
}

/** One head's share of a step's replayed examples, padded on its own. */
export interface ReplayBatch {
  readonly head: string;
  readonly batch: TrainingBatch;
}

/** Checks a replay memory against the model (heads exist, examples fit and are labelled) before any step. */
export function validateReplay(model: BertModel, replay: ReplayOptions, trainedHead: string, batchSize: number): number {
  if (replay.examples.length === 0) throw new InvalidOptionsError('`replay.examples` must not be empty (omit `replay` to train without)');
  const perStep = replay.perStep ?? batchSize;
  if (!Number.isInteger(perStep) || perStep <= 0)
    throw new InvalidOptionsError(`\`replay.perStep\` must be a positive integer, got ${perStep}`);
  validateExamples(replay.examples, model.config.maxPositions, true);
  for (const head of new Set(replay.examples.map((e) => e.head))) {
    if (head === trainedHead) {
      throw new InvalidOptionsError(`replay example of head '${head}', the head being trained: replay keeps earlier tasks, not this one`);
    }
    model.head(head);
  }
  return Math.min(perStep, replay.examples.length);
}

/**
 * The replayed part of one step: `count` distinct examples drawn uniformly from memory with `rng`,
 * grouped by head (in order of first appearance), each group padded to its own longest example.
 */
export function drawReplay(model: BertModel, memory: readonly ReplayExample[], count: number, rng: Rng): ReplayBatch[] {
  // A partial Fisher-Yates shuffle over indices: the first `count` are a uniform draw without replacement.
  const order = Array.from(memory, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + rng.nextInt(order.length - i);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const byHead = new Map<string, number[]>();
  for (const i of order.slice(0, count)) {
    const head = memory[i]!.head;
    const list = byHead.get(head) ?? [];
    list.push(i);
    byHead.set(head, list);
  }
  return [...byHead].map(([head, indices]) => {
    const padded = collate(memory, indices, model.config.padTokenId);
    const labels = Float32Array.from(indices, (i) => memory[i]!.label!);
    return {
      head,
      batch: model.head(head).kind === 'regression' ? { ...padded, targets: labels } : { ...padded, labels: Int32Array.from(labels) },
    };
  });
}
