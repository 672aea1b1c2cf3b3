import { EncodeOptionsError } from '../errors.js';

/** One tokenized example, special tokens included and already truncated, without padding. */
export interface EncodedExample {
  /** Token ids. */
  readonly inputIds: Int32Array;
  /** Segment ids: 0 for `[CLS] a [SEP]`, 1 for `b [SEP]`. */
  readonly tokenTypeIds: Int32Array;
}

/** `longest`: pad to the longest example of the batch; `max_length`: pad to `maxLength`. */
export type PaddingStrategy = 'longest' | 'max_length';

/** How {@link padBatch} pads. */
export interface PadBatchOptions {
  /** Pad to the batch's longest example or to `maxLength`. Default `'longest'`. */
  readonly padding?: PaddingStrategy;
  /** Row length for `'max_length'` (required there); for `'longest'` an upper bound checked. Default none. */
  readonly maxLength?: number;
  /** Round the row length up to a multiple of this, so fewer distinct shapes reach the model. Default `1`. */
  readonly padToMultipleOf?: number;
  /** Id written into padding positions. Default `0` (BERT's `[PAD]`). */
  readonly padId?: number;
  /** Token type id of padding positions. Default `0`. */
  readonly padTypeId?: number;
}

/** A padded batch: row-major `[batchSize, seqLen]` arrays ready to become int32 tensors. */
export interface PaddedBatch {
  /** Token ids, padding positions hold `padId`. */
  readonly inputIds: Int32Array;
  /** Segment ids, padding positions hold `padTypeId`. */
  readonly tokenTypeIds: Int32Array;
  /** 1 on real tokens, 0 on padding. */
  readonly attentionMask: Int32Array;
  /** Rows. */
  readonly batchSize: number;
  /** Columns. */
  readonly seqLen: number;
}

function positiveInteger(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new EncodeOptionsError(`\`${field}\` must be a positive integer, got ${value}`);
  return value;
}

/**
 * Pads examples on the right into row-major `[batchSize, seqLen]` arrays with an attention mask.
 * Examples are never cut here: one longer than the row length is an error, since truncation belongs to
 * encoding (where special tokens are kept).
 */
export function padBatch(examples: readonly EncodedExample[], options: PadBatchOptions = {}): PaddedBatch {
  const padding = options.padding ?? 'longest';
  if (padding !== 'longest' && padding !== 'max_length') {
    throw new EncodeOptionsError(`\`padding\` must be 'longest' or 'max_length', got ${JSON.stringify(padding)}`);
  }
  const multiple = positiveInteger('padToMultipleOf', options.padToMultipleOf ?? 1);
  const padId = options.padId ?? 0;
  const padTypeId = options.padTypeId ?? 0;
  if (!Number.isInteger(padId) || !Number.isInteger(padTypeId)) {
    throw new EncodeOptionsError(`\`padId\` and \`padTypeId\` must be integers, got ${padId} and ${padTypeId}`);
  }
  const maxLength = options.maxLength === undefined ? undefined : positiveInteger('maxLength', options.maxLength);
  let longest = 0;
  for (const [index, example] of examples.entries()) {
    if (example.tokenTypeIds.length !== example.inputIds.length) {
      throw new EncodeOptionsError(
        `example ${index}: \`tokenTypeIds\` must be as long as \`inputIds\`, got ${example.tokenTypeIds.length} and ${example.inputIds.length}`,
      );
    }
    longest = Math.max(longest, example.inputIds.length);
  }
  let seqLen: number;
  if (padding === 'max_length') {
    if (maxLength === undefined) throw new EncodeOptionsError("`maxLength` must be set when `padding` is 'max_length', got undefined");
    seqLen = maxLength;
  } else {
    seqLen = longest;
  }
  seqLen = Math.ceil(seqLen / multiple) * multiple;
  if (maxLength !== undefined && longest > maxLength) {
    const index = examples.findIndex((e) => e.inputIds.length === longest);
    throw new EncodeOptionsError(
      `example ${index}: length must be at most \`maxLength\` ${maxLength}, got ${longest}; truncate when encoding`,
    );
  }
  const batchSize = examples.length;
  const inputIds = new Int32Array(batchSize * seqLen);
  const tokenTypeIds = new Int32Array(batchSize * seqLen);
  const attentionMask = new Int32Array(batchSize * seqLen);
  if (padId !== 0) inputIds.fill(padId);
  if (padTypeId !== 0) tokenTypeIds.fill(padTypeId);
  for (const [row, example] of examples.entries()) {
    const at = row * seqLen;
    inputIds.set(example.inputIds, at);
    tokenTypeIds.set(example.tokenTypeIds, at);
    attentionMask.fill(1, at, at + example.inputIds.length);
  }
  return { inputIds, tokenTypeIds, attentionMask, batchSize, seqLen };
}
