// Random Hugging Face BertForSequenceClassification checkpoints, generated in plain JavaScript so
// that the same seed gives the same bytes on every machine: a parity test at full bert-base shape
// regenerates its 440 MB checkpoint instead of committing it.
//
// Normal draws are Irwin-Hall (Irwin 1927, Hall 1927): the sum of twelve U(0, 1) minus 6 has mean 0
// and variance 1. With 16-bit uniforms (two per 32-bit draw of the package RNG) every step is exact
// in double arithmetic (an integer sum, a division by 2^16), then one correctly rounded product
// with the standard deviation and one rounding to float32. Box-Muller needs Math.log and Math.cos,
// which ECMA-262 leaves implementation-approximated, so its bits could differ between engines.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { toHfConfigJson, validateBertConfig, type BertConfig } from '../bert/config.js';
import { encoderVariableSpecs, type VariableSpec } from '../bert/variable-specs.js';
import { CheckpointIoError, InvalidOptionsError } from '../errors.js';
import { createRng, type Rng } from '../util/rng.js';
import { writeFileAtomic } from './atomic-write.js';
import { encodeSafetensors, type SafetensorsInput } from './safetensors.js';

/** Options of {@link writeRandomBertCheckpoint}. */
export interface RandomBertCheckpointOptions {
  /** Folder that receives config.json and model.safetensors (created when absent; files replaced). */
  readonly dir: string;
  /** Architecture, e.g. `BERT_PRESETS['bert-base-uncased']`; weights have std `initializerRange`. */
  readonly config: BertConfig;
  /** Seed of the weights (any safe integer), recorded in model.safetensors' metadata. */
  readonly seed: number;
  /** Outputs of the `classifier` head. Default 2. */
  readonly numLabels?: number;
}

/** Version of the generation scheme, recorded in the file: bump it when the bytes may change. */
const GENERATOR = 'lrdist-random-bert-v1 (xoshiro128**, Irwin-Hall of 12 16-bit uniforms)';

/**
 * Writes a seeded random BertForSequenceClassification checkpoint (config.json and
 * model.safetensors, each atomically) into `dir`: tensors named `bert.*` and `classifier.*` as
 * Hugging Face saves them, dense weights [out, in], float32.
 *
 * Values follow Hugging Face's initialisation, except that biases are drawn rather than zero (a
 * kernel that dropped a bias would otherwise pass a parity test): embeddings, dense weights and
 * biases N(0, initializerRange²) (Irwin-Hall, see the file header), the padding row of the word
 * embeddings zero, LayerNorm weight 1 and bias 0. The same options give the same bytes on every
 * machine. Peak memory is about twice the file (the tensors, then the encoded file).
 */
export async function writeRandomBertCheckpoint(options: RandomBertCheckpointOptions): Promise<void> {
  const config = validateBertConfig(options.config);
  const numLabels = options.numLabels ?? 2;
  if (!Number.isSafeInteger(numLabels) || numLabels < 1) {
    throw new InvalidOptionsError(`\`numLabels\` must be a positive integer, got ${numLabels}`);
  }
  const rng = createRng(options.seed);
  const std = config.initializerRange;

  // One stream in file order, the classifier last: the encoder's bytes do not depend on numLabels.
  const tensors = new Map<string, SafetensorsInput>();
  for (const spec of encoderVariableSpecs(config)) {
    const shape = fileShape(spec);
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    if (spec.name.includes('LayerNorm.')) {
      if (spec.name.endsWith('.weight')) data.fill(1);
    } else {
      fillNormal(data, rng, std);
    }
    if (spec.name === 'embeddings.word_embeddings.weight') {
      data.fill(0, config.padTokenId * config.hiddenSize, (config.padTokenId + 1) * config.hiddenSize);
    }
    tensors.set(`bert.${spec.name}`, { shape, data });
  }
  const classifierWeight = new Float32Array(numLabels * config.hiddenSize);
  const classifierBias = new Float32Array(numLabels);
  fillNormal(classifierWeight, rng, std);
  fillNormal(classifierBias, rng, std);
  tensors.set('classifier.weight', { shape: [numLabels, config.hiddenSize], data: classifierWeight });
  tensors.set('classifier.bias', { shape: [numLabels], data: classifierBias });

  const bytes = encodeSafetensors(tensors, {
    format: 'pt',
    written_by: '@lrdist/model writeRandomBertCheckpoint',
    generator: GENERATOR,
    seed: String(options.seed),
  });
  // The encoded file holds its own copy; let the tensors go before the write.
  tensors.clear();
  const labels = Array.from({ length: numLabels }, (_, i) => i);
  const configJson = toHfConfigJson(config, {
    architectures: ['BertForSequenceClassification'],
    id2label: Object.fromEntries(labels.map((i) => [String(i), `LABEL_${i}`])),
    label2id: Object.fromEntries(labels.map((i) => [`LABEL_${i}`, i])),
  });
  try {
    await mkdir(options.dir, { recursive: true });
    await writeFileAtomic(join(options.dir, 'model.safetensors'), bytes);
    await writeFileAtomic(join(options.dir, 'config.json'), `${JSON.stringify(configJson, null, 2)}\n`);
  } catch (cause) {
    throw new CheckpointIoError(`cannot write the random checkpoint to ${options.dir}: ${(cause as Error).message}`, { cause });
  }
}

/** The shape a tensor has in a Hugging Face file: dense weights [out, in]. */
function fileShape(spec: VariableSpec): number[] {
  return spec.transposedInCheckpoint ? [...spec.shape].reverse() : [...spec.shape];
}

/** Fills `out` with N(0, std²) draws, bit-reproducibly (see the file header). */
function fillNormal(out: Float32Array, rng: Rng, std: number): void {
  // Twelve uniforms (u + 0.5) / 2^16, u in [0, 2^16): their sum minus 6 is (S + 6 - 6 * 2^16) / 2^16.
  const offset = 6 * 65536 - 6;
  for (let i = 0; i < out.length; i++) {
    let s = 0;
    for (let k = 0; k < 6; k++) {
      const u = rng.nextUint32();
      s += (u >>> 16) + (u & 0xffff);
    }
    out[i] = ((s - offset) / 65536) * std;
  }
}
