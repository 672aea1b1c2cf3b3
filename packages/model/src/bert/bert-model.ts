import * as tf from '@tensorflow/tfjs-core';
import { InvalidOptionsError, UnknownHeadError } from '../errors.js';
import '../kernels/gradients.js';
import type { ForwardContext } from '../layers/forward-context.js';
import { INFERENCE } from '../layers/forward-context.js';
import type { LayerNormParams } from '../layers/layer-norm.js';
import type { LinearParams } from '../layers/linear.js';
import type { TransformerBlockParams } from '../layers/transformer-block.js';
import { createRng } from '../util/rng.js';
import { validateBertConfig, type BertConfig } from './config.js';
import { encoderForward, type EncodeOptions, type EncoderBatch, type EncoderOutput, type EncoderParams } from './encoder.js';
import { headForward, headPrefix, validateHeadSpec, type HeadSpec } from './heads.js';
import { mlmForward, type MlmHeadParams } from './mlm.js';
import { BERT_PRESETS, type BertPresetName } from './presets.js';
import { encoderVariableSpecs, headVariableSpecs, mlmVariableSpecs, type VariableSpec } from './variable-specs.js';

/** Options of {@link createBertModel}. */
export interface CreateBertModelOptions {
  /** Architecture: a config or a preset name. */
  readonly config: BertConfig | BertPresetName;
  /** Seed of the weight initialisation. Default 0. */
  readonly seed?: number;
  /** Task heads to create. Default none. */
  readonly heads?: readonly HeadSpec[];
  /** Whether to create the masked-language-model head. Default false. */
  readonly mlmHead?: boolean;
}

let nextModelId = 0;

/**
 * A BERT encoder with any number of task heads and an optional MLM head; variables are
 * tf.Variables keyed by Hugging Face names. Dispose it when done.
 */
export class BertModel {
  readonly config: BertConfig;
  private readonly vars = new Map<string, tf.Variable>();
  private readonly specs = new Map<string, VariableSpec>();
  private readonly headSpecs = new Map<string, HeadSpec>();
  private mlm = false;
  private readonly uid = nextModelId++;
  private readonly seed: number;
  private disposed = false;

  /** Use {@link createBertModel}. */
  constructor(config: BertConfig, seed: number) {
    this.config = config;
    this.seed = seed;
    for (const spec of encoderVariableSpecs(config)) this.createVariable(spec);
  }

  /** Every variable by Hugging Face name, dense weights held [in, out]. */
  get variables(): ReadonlyMap<string, tf.Variable> {
    return this.vars;
  }

  /** The task heads, in the order they were added. */
  get heads(): readonly HeadSpec[] {
    return [...this.headSpecs.values()];
  }

  /** Whether the MLM head exists. */
  get hasMlmHead(): boolean {
    return this.mlm;
  }

  /** The spec (shape, init, checkpoint transpose) of a variable. */
  variableSpec(name: string): VariableSpec {
    const spec = this.specs.get(name);
    if (spec === undefined) throw new InvalidOptionsError(`variable \`${name}\` does not exist`);
    return spec;
  }

  /** A variable by Hugging Face name. */
  variable(name: string): tf.Variable {
    const v = this.vars.get(name);
    if (v === undefined) throw new InvalidOptionsError(`variable \`${name}\` does not exist`);
    return v;
  }

  /** Total number of parameters. */
  numParameters(): number {
    let n = 0;
    for (const v of this.vars.values()) n += v.size;
    return n;
  }

  /** Adds a task head (initialised from the model seed and the head's name). */
  addHead(spec: HeadSpec): void {
    this.assertLive();
    const head = validateHeadSpec(spec);
    if (this.headSpecs.has(head.name)) throw new UnknownHeadError(`head \`${head.name}\` already exists`);
    for (const s of headVariableSpecs(this.config, head)) this.createVariable(s);
    this.headSpecs.set(head.name, head);
  }

  /** Removes a task head and disposes its variables. */
  removeHead(name: string): void {
    this.head(name);
    for (const [key, v] of this.vars) {
      if (key.startsWith(headPrefix(name))) {
        v.dispose();
        this.vars.delete(key);
        this.specs.delete(key);
      }
    }
    this.headSpecs.delete(name);
  }

  /** Adds the MLM head (no-op when it exists). */
  addMlmHead(): void {
    this.assertLive();
    if (this.mlm) return;
    for (const s of mlmVariableSpecs(this.config)) this.createVariable(s);
    this.mlm = true;
  }

  /** A head's spec; throws UnknownHeadError naming the heads that exist. */
  head(name: string): HeadSpec {
    const h = this.headSpecs.get(name);
    if (h === undefined) {
      throw new UnknownHeadError(`head \`${name}\` must be one of [${[...this.headSpecs.keys()].join(', ')}]`);
    }
    return h;
  }

  /** Runs the encoder (see encoderForward). */
  encode(batch: EncoderBatch, ctx: ForwardContext = INFERENCE, options: EncodeOptions = {}): EncoderOutput {
    this.assertLive();
    return encoderForward(this.encoderParams(), this.config, batch, ctx, options);
  }

  /** A head's logits [batch, numLabels] from pooled outputs. */
  headLogits(name: string, pooled: tf.Tensor2D, ctx: ForwardContext = INFERENCE): tf.Tensor2D {
    this.head(name);
    const p = headPrefix(name);
    const rate = this.config.classifierDropout ?? this.config.hiddenDropout;
    return headForward(pooled, this.linearParams(p.slice(0, -1)), rate, ctx);
  }

  /** MLM vocabulary logits [rows, vocab] for selected hidden states [rows, hidden]. */
  mlmLogits(rows: tf.Tensor2D, ctx: ForwardContext = INFERENCE): tf.Tensor2D {
    if (!this.mlm) throw new UnknownHeadError('the model has no MLM head: call addMlmHead() or load one');
    const head: MlmHeadParams = {
      transform: this.linearParams('cls.predictions.transform.dense'),
      transformNorm: this.normParams('cls.predictions.transform.LayerNorm'),
      outputBias: this.v1('cls.predictions.bias'),
    };
    return mlmForward(rows, head, this.v2('embeddings.word_embeddings.weight'), this.config.layerNormEps, ctx);
  }

  /** Disposes every variable. */
  dispose(): void {
    if (this.disposed) return;
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
    this.disposed = true;
  }

  private encoderParams(): EncoderParams {
    const layers: TransformerBlockParams[] = [];
    for (let i = 0; i < this.config.numLayers; i++) {
      const p = `encoder.layer.${i}`;
      layers.push({
        query: this.linearParams(`${p}.attention.self.query`),
        key: this.linearParams(`${p}.attention.self.key`),
        value: this.linearParams(`${p}.attention.self.value`),
        attentionOutput: this.linearParams(`${p}.attention.output.dense`),
        attentionNorm: this.normParams(`${p}.attention.output.LayerNorm`),
        intermediate: this.linearParams(`${p}.intermediate.dense`),
        output: this.linearParams(`${p}.output.dense`),
        outputNorm: this.normParams(`${p}.output.LayerNorm`),
      });
    }
    return {
      wordEmbeddings: this.v2('embeddings.word_embeddings.weight'),
      positionEmbeddings: this.v2('embeddings.position_embeddings.weight'),
      tokenTypeEmbeddings: this.v2('embeddings.token_type_embeddings.weight'),
      embeddingNorm: this.normParams('embeddings.LayerNorm'),
      layers,
      pooler: this.linearParams('pooler.dense'),
    };
  }

  private linearParams(prefix: string): LinearParams {
    return { weight: this.v2(`${prefix}.weight`), bias: this.v1(`${prefix}.bias`) };
  }

  private normParams(prefix: string): LayerNormParams {
    return { weight: this.v1(`${prefix}.weight`), bias: this.v1(`${prefix}.bias`) };
  }

  private v1(name: string): tf.Tensor1D {
    return this.variable(name) as unknown as tf.Tensor1D;
  }

  private v2(name: string): tf.Tensor2D {
    return this.variable(name) as unknown as tf.Tensor2D;
  }

  private createVariable(spec: VariableSpec): void {
    const values = initialValues(spec, this.seed, this.config);
    const v = tf.tidy(() => tf.variable(tf.tensor(values, [...spec.shape], 'float32'), true, `lrdist${this.uid}/${spec.name}`));
    this.vars.set(spec.name, v);
    this.specs.set(spec.name, spec);
  }

  private assertLive(): void {
    if (this.disposed) throw new InvalidOptionsError('the model was disposed');
  }
}

/** Creates a randomly initialised model (Hugging Face's initialisation: N(0, 0.02), LayerNorm 1/0). */
export function createBertModel(options: CreateBertModelOptions): BertModel {
  const config = typeof options.config === 'string' ? presetConfig(options.config) : validateBertConfig(options.config);
  const seed = options.seed ?? 0;
  if (!Number.isSafeInteger(seed)) throw new InvalidOptionsError(`\`seed\` must be a safe integer, got ${seed}`);
  const model = new BertModel(config, seed);
  for (const head of options.heads ?? []) model.addHead(head);
  if (options.mlmHead === true) model.addMlmHead();
  return model;
}

function presetConfig(name: BertPresetName): BertConfig {
  const preset = (BERT_PRESETS as Record<string, BertConfig>)[name];
  if (preset === undefined) {
    throw new InvalidOptionsError(`\`config\` must be a config or one of ${Object.keys(BERT_PRESETS).join(', ')}, got "${name}"`);
  }
  return validateBertConfig(preset);
}

/** Initial values: each variable draws from its own stream (seed, name) so heads never shift the encoder. */
function initialValues(spec: VariableSpec, seed: number, config: BertConfig): Float32Array {
  const size = spec.shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  if (spec.init === 'ones') values.fill(1);
  if (spec.init !== 'normal') return values;
  const rng = createRng((seed % 2 ** 20) * 2 ** 32 + fnv1a(spec.name));
  const std = config.initializerRange;
  for (let i = 0; i < size; i++) values[i] = rng.nextNormal() * std;
  if (spec.name === 'embeddings.word_embeddings.weight') {
    // Hugging Face zeroes the padding row of the word embeddings.
    values.fill(0, config.padTokenId * config.hiddenSize, (config.padTokenId + 1) * config.hiddenSize);
  }
  return values;
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
