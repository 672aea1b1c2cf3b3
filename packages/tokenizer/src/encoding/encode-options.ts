import { EncodeOptionsError } from '../errors.js';
import type { PaddingStrategy } from './pad-batch.js';
import { TRUNCATION_STRATEGIES, type TruncationStrategy } from './truncate.js';

/** BERT's position limit, the default `maxLength`. */
export const DEFAULT_MAX_LENGTH = 512;

/** How long an encoded input may be and how it is cut to fit. */
export interface TruncationOptions {
  /** Longest allowed encoding, special tokens included. Default `512`. */
  readonly maxLength?: number;
  /** Which side gives tokens when an input is too long. Default `'longest_first'`. */
  readonly truncation?: TruncationStrategy;
}

/** Options of `encode`. */
export interface EncodeOptions extends TruncationOptions {
  /** Second text of a pair (`[CLS] text [SEP] pair [SEP]`). Default none: a single text. */
  readonly pair?: string;
}

/** Options of `encodeBatch`: truncation, then padding of the whole batch. */
export interface EncodeBatchOptions extends TruncationOptions {
  /** Pad to the longest encoding of the batch or to `maxLength`. Default `'longest'`. */
  readonly padding?: PaddingStrategy;
  /** Round the row length up to a multiple of this. Default `1`. */
  readonly padToMultipleOf?: number;
}

/** Truncation options with their defaults filled in and checked. */
export interface ResolvedTruncation {
  readonly maxLength: number;
  readonly truncation: TruncationStrategy;
}

/** Fills in defaults and checks truncation options once per call, so the per-example loop need not. */
export function resolveTruncation(options: TruncationOptions): ResolvedTruncation {
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  if (!Number.isInteger(maxLength) || maxLength < 0) {
    throw new EncodeOptionsError(`\`maxLength\` must be a non-negative integer, got ${maxLength}`);
  }
  const truncation = options.truncation ?? 'longest_first';
  if (!(TRUNCATION_STRATEGIES as readonly string[]).includes(truncation)) {
    throw new EncodeOptionsError(`\`truncation\` must be one of ${TRUNCATION_STRATEGIES.join(', ')}, got ${JSON.stringify(truncation)}`);
  }
  return { maxLength, truncation };
}
