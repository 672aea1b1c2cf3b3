// BERT's masking recipe (Devlin et al. 2019, sec. 3.1; Hugging Face DataCollatorForLanguageModeling):
// each non-special token is selected with probability 0.15; a selected token becomes [MASK] with
// probability 0.8, a uniformly random token with probability 0.1, and stays unchanged otherwise.
// Labels hold the original id at selected positions and -100 elsewhere.
import { InvalidOptionsError } from '../errors.js';
import type { Rng } from '../util/rng.js';

/** Label of a position that does not count in the MLM loss. */
export const IGNORE_LABEL = -100;

/** Options of {@link applyMlmMasking}. */
export interface MlmMaskingOptions {
  /** Id of [MASK]. */
  readonly maskTokenId: number;
  /** Vocabulary size (random replacements are drawn from [0, vocabSize)). */
  readonly vocabSize: number;
  /** Ids never selected ([CLS], [SEP], [PAD], ...). */
  readonly specialTokenIds: readonly number[];
  /** Selection probability. Default 0.15. */
  readonly probability?: number;
}

/** Validates masking options. */
export function validateMasking(options: MlmMaskingOptions): void {
  const p = options.probability ?? 0.15;
  if (!(p > 0 && p <= 1)) throw new InvalidOptionsError(`masking \`probability\` must lie in (0, 1], got ${p}`);
  if (!Number.isInteger(options.vocabSize) || options.vocabSize <= 0) {
    throw new InvalidOptionsError(`masking \`vocabSize\` must be a positive integer, got ${options.vocabSize}`);
  }
  if (!Number.isInteger(options.maskTokenId) || options.maskTokenId < 0 || options.maskTokenId >= options.vocabSize) {
    throw new InvalidOptionsError(`\`maskTokenId\` must lie in [0, ${options.vocabSize}), got ${options.maskTokenId}`);
  }
}

/**
 * Masks a token sequence (or a padded batch of them, with `attentionMask` marking real tokens).
 * Returns new arrays; the input is not modified.
 */
export function applyMlmMasking(
  inputIds: Int32Array,
  options: MlmMaskingOptions,
  rng: Rng,
  attentionMask?: ArrayLike<number>,
): { inputIds: Int32Array; labels: Int32Array } {
  validateMasking(options);
  const p = options.probability ?? 0.15;
  const special = new Set(options.specialTokenIds);
  const ids = Int32Array.from(inputIds);
  const labels = new Int32Array(ids.length).fill(IGNORE_LABEL);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (special.has(id) || (attentionMask !== undefined && attentionMask[i] === 0)) continue;
    if (rng.nextFloat() >= p) continue;
    labels[i] = id;
    const r = rng.nextFloat();
    if (r < 0.8) ids[i] = options.maskTokenId;
    else if (r < 0.9) ids[i] = rng.nextInt(options.vocabSize);
  }
  return { inputIds: ids, labels };
}
