import type { MlmMaskingOptions } from '@lrdist/model';
import type { BertTokenizer } from '@lrdist/tokenizer';
import { HELD_OUT_MASK_SEED } from './held-out-seed.js';
import { prepareHeldOutRows } from './prepare-corpus.js';
import { DEFAULT_PRETRAIN_CONFIG, type PretrainConfig } from './pretrain-config.js';

/** A held-out masked-language-model set: the rows, how they are masked, and the seed of the masks. */
export interface HeldOutMlmSet {
  readonly examples: readonly { readonly inputIds: Int32Array }[];
  readonly masking: MlmMaskingOptions;
  readonly seed: number;
}

/**
 * The WordNet glosses pretraining held out, packed and masked as pretraining evaluated them: what
 * "pretrained knowledge" is measured on after fine-tuning (the protocol's MLM probe). The split
 * follows `config` (the default pretraining's unless given), so it never overlaps what was trained on.
 */
export async function heldOutMlmSet(
  tokenizer: BertTokenizer,
  config: Pick<PretrainConfig, 'seqLength' | 'heldOutFraction' | 'seed'> = DEFAULT_PRETRAIN_CONFIG,
): Promise<HeldOutMlmSet> {
  const rows = await prepareHeldOutRows({
    tokenizer,
    seqLength: config.seqLength,
    heldOutFraction: config.heldOutFraction,
    seed: config.seed,
  });
  return {
    examples: rows.map((inputIds) => ({ inputIds })),
    masking: {
      maskTokenId: tokenizer.specialIds.mask,
      vocabSize: tokenizer.vocabSize,
      specialTokenIds: [tokenizer.specialIds.cls, tokenizer.specialIds.sep, tokenizer.specialIds.pad],
    },
    seed: HELD_OUT_MASK_SEED,
  };
}
