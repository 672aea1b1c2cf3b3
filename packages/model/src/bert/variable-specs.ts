// The model's variables under Hugging Face BertModel's names. Dense weights are held [in, out]
// (Hugging Face's nn.Linear stores [out, in]; checkpoint IO transposes), embeddings [rows, hidden].
import type { BertConfig } from './config.js';
import { headPrefix, type HeadSpec } from './heads.js';

/** How a variable is initialised (Hugging Face BertPreTrainedModel._init_weights). */
export type VariableInit = 'normal' | 'zeros' | 'ones';

/** One variable: name, in-memory shape, initialiser, and whether checkpoints store it transposed. */
export interface VariableSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly init: VariableInit;
  /** A dense (nn.Linear) weight: stored [out, in] in checkpoints, held [in, out] here. */
  readonly transposedInCheckpoint: boolean;
}

function dense(prefix: string, inDim: number, outDim: number): VariableSpec[] {
  return [
    { name: `${prefix}.weight`, shape: [inDim, outDim], init: 'normal', transposedInCheckpoint: true },
    { name: `${prefix}.bias`, shape: [outDim], init: 'zeros', transposedInCheckpoint: false },
  ];
}

function norm(prefix: string, width: number): VariableSpec[] {
  return [
    { name: `${prefix}.weight`, shape: [width], init: 'ones', transposedInCheckpoint: false },
    { name: `${prefix}.bias`, shape: [width], init: 'zeros', transposedInCheckpoint: false },
  ];
}

function embedding(name: string, rows: number, width: number): VariableSpec {
  return { name, shape: [rows, width], init: 'normal', transposedInCheckpoint: false };
}

/** Encoder variables (embeddings, layers, pooler) in Hugging Face's order. */
export function encoderVariableSpecs(config: BertConfig): VariableSpec[] {
  const h = config.hiddenSize;
  const specs: VariableSpec[] = [
    embedding('embeddings.word_embeddings.weight', config.vocabSize, h),
    embedding('embeddings.position_embeddings.weight', config.maxPositions, h),
    embedding('embeddings.token_type_embeddings.weight', config.typeVocabSize, h),
    ...norm('embeddings.LayerNorm', h),
  ];
  for (let i = 0; i < config.numLayers; i++) {
    const p = `encoder.layer.${i}`;
    specs.push(
      ...dense(`${p}.attention.self.query`, h, h),
      ...dense(`${p}.attention.self.key`, h, h),
      ...dense(`${p}.attention.self.value`, h, h),
      ...dense(`${p}.attention.output.dense`, h, h),
      ...norm(`${p}.attention.output.LayerNorm`, h),
      ...dense(`${p}.intermediate.dense`, h, config.intermediateSize),
      ...dense(`${p}.output.dense`, config.intermediateSize, h),
      ...norm(`${p}.output.LayerNorm`, h),
    );
  }
  specs.push(...dense('pooler.dense', h, h));
  return specs;
}

/** Variables of a task head: `heads.<name>.weight` [hidden, numLabels] and `.bias`. */
export function headVariableSpecs(config: BertConfig, head: HeadSpec): VariableSpec[] {
  return dense(headPrefix(head.name).slice(0, -1), config.hiddenSize, head.numLabels);
}

/** Variables of the MLM head (`cls.predictions.*`; the decoder is tied to the word embeddings). */
export function mlmVariableSpecs(config: BertConfig): VariableSpec[] {
  return [
    ...dense('cls.predictions.transform.dense', config.hiddenSize, config.hiddenSize),
    ...norm('cls.predictions.transform.LayerNorm', config.hiddenSize),
    { name: 'cls.predictions.bias', shape: [config.vocabSize], init: 'zeros', transposedInCheckpoint: false },
  ];
}
