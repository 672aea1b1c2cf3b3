import type { BertConfig } from './config.js';

const common = {
  vocabSize: 30522,
  hiddenAct: 'gelu',
  maxPositions: 512,
  typeVocabSize: 2,
  layerNormEps: 1e-12,
  hiddenDropout: 0.1,
  attentionDropout: 0.1,
  classifierDropout: null,
  padTokenId: 0,
  initializerRange: 0.02,
} as const;

/** Named architectures: Hugging Face's `bert-base-uncased` and lrdist's CPU default `mini`. */
export const BERT_PRESETS = {
  'bert-base-uncased': { ...common, hiddenSize: 768, numLayers: 12, numHeads: 12, intermediateSize: 3072 },
  mini: { ...common, hiddenSize: 128, numLayers: 4, numHeads: 2, intermediateSize: 512 },
} as const satisfies Record<string, BertConfig>;

/** A preset's name. */
export type BertPresetName = keyof typeof BERT_PRESETS;
