// Turning the caller's examples into padded batches: seeded shuffling, length bucketing (sort
// within pools of `bucketPool` batches so that a batch holds sequences of similar length, then
// shuffle the batch order) and dynamic padding to the longest sequence of each batch.
import type { EncoderBatch } from '../bert/encoder.js';
import { InvalidOptionsError } from '../errors.js';
import type { Rng } from '../util/rng.js';

/** One example as token ids; `label` is a class index or a regression target. */
export interface Example {
  readonly inputIds: Int32Array;
  /** Segment ids; default all 0. */
  readonly tokenTypeIds?: Int32Array;
  readonly label?: number;
}

/** Options of {@link planBatches}. */
export interface BatchPlanOptions {
  readonly batchSize: number;
  /** Shuffle with this generator; null keeps the input order (before bucketing). */
  readonly rng: Rng | null;
  /** Group similar lengths. Default true. */
  readonly bucketing?: boolean;
  /** Batches per sorting pool when bucketing. Default 50. */
  readonly bucketPool?: number;
}

/** Splits example indices into batches (every index exactly once; ceil(n / batchSize) batches). */
export function planBatches(lengths: readonly number[], options: BatchPlanOptions): number[][] {
  const { batchSize, rng } = options;
  if (!Number.isInteger(batchSize) || batchSize <= 0) {
    throw new InvalidOptionsError(`\`batchSize\` must be a positive integer, got ${batchSize}`);
  }
  const order = lengths.map((_, i) => i);
  if (rng !== null) rng.shuffle(order);
  const batches: number[][] = [];
  if (options.bucketing === false) {
    for (let i = 0; i < order.length; i += batchSize) batches.push(order.slice(i, i + batchSize));
    return batches;
  }
  const pool = batchSize * (options.bucketPool ?? 50);
  for (let start = 0; start < order.length; start += pool) {
    const chunk = order.slice(start, start + pool).sort((a, b) => lengths[a]! - lengths[b]! || a - b);
    for (let i = 0; i < chunk.length; i += batchSize) batches.push(chunk.slice(i, i + batchSize));
  }
  if (rng !== null) rng.shuffle(batches);
  return batches;
}

/** Pads the selected examples to their longest length. */
export function collate(examples: readonly Example[], indices: readonly number[], padTokenId: number): EncoderBatch {
  let seqLength = 1;
  for (const i of indices) seqLength = Math.max(seqLength, examples[i]!.inputIds.length);
  const batchSize = indices.length;
  const inputIds = new Int32Array(batchSize * seqLength).fill(padTokenId);
  const tokenTypeIds = new Int32Array(batchSize * seqLength);
  const attentionMask = new Uint8Array(batchSize * seqLength);
  indices.forEach((index, row) => {
    const ex = examples[index]!;
    inputIds.set(ex.inputIds, row * seqLength);
    if (ex.tokenTypeIds !== undefined) tokenTypeIds.set(ex.tokenTypeIds, row * seqLength);
    attentionMask.fill(1, row * seqLength, row * seqLength + ex.inputIds.length);
  });
  return { batchSize, seqLength, inputIds, tokenTypeIds, attentionMask };
}

/** Checks every example against the model's limits; names the first bad example. */
export function validateExamples(examples: readonly Example[], maxPositions: number, needLabels: boolean): void {
  examples.forEach((ex, i) => {
    if (!(ex.inputIds instanceof Int32Array) || ex.inputIds.length === 0) {
      throw new InvalidOptionsError(`example ${i} \`inputIds\` must be a non-empty Int32Array`);
    }
    if (ex.inputIds.length > maxPositions) {
      throw new InvalidOptionsError(`example ${i} must have at most ${maxPositions} tokens, got ${ex.inputIds.length}`);
    }
    if (ex.tokenTypeIds !== undefined && ex.tokenTypeIds.length !== ex.inputIds.length) {
      throw new InvalidOptionsError(`example ${i} \`tokenTypeIds\` must match inputIds in length, got ${ex.tokenTypeIds.length}`);
    }
    if (needLabels && (ex.label === undefined || !Number.isFinite(ex.label))) {
      throw new InvalidOptionsError(`example ${i} must have a finite \`label\`, got ${ex.label}`);
    }
  });
}
