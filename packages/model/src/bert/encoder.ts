// The BERT encoder forward pass (Devlin et al. 2019), architecturally identical to Hugging Face's
// BertModel: word + absolute position + token-type embeddings, LayerNorm, dropout, L post-LN
// transformer layers, and the tanh pooler on the first token.
import * as tf from '@tensorflow/tfjs-core';
import { maskBiasFrom } from '../layers/attention.js';
import { applyDropout } from '../layers/dropout.js';
import { embeddingLookup } from '../layers/embedding.js';
import type { ForwardContext } from '../layers/forward-context.js';
import { layerNorm, type LayerNormParams } from '../layers/layer-norm.js';
import { linear, type LinearParams } from '../layers/linear.js';
import { transformerBlock, type TransformerBlockParams } from '../layers/transformer-block.js';
import { InvalidOptionsError } from '../errors.js';
import { getKernelFlags } from '../kernels/flags.js';
import type { BertConfig } from './config.js';

/** The encoder's weights by role. */
export interface EncoderParams {
  readonly wordEmbeddings: tf.Tensor2D;
  readonly positionEmbeddings: tf.Tensor2D;
  readonly tokenTypeEmbeddings: tf.Tensor2D;
  readonly embeddingNorm: LayerNormParams;
  readonly layers: readonly TransformerBlockParams[];
  readonly pooler: LinearParams;
}

/** A padded batch of token sequences, row-major [batchSize, seqLength]. */
export interface EncoderBatch {
  readonly batchSize: number;
  readonly seqLength: number;
  readonly inputIds: Int32Array;
  readonly tokenTypeIds: Int32Array;
  /** 1 for tokens, 0 for padding. */
  readonly attentionMask: Uint8Array;
}

/** Options of encoderForward / BertModel.encode. */
export interface EncodeOptions {
  /** Also return the embedding output and every layer's output. Default false. */
  readonly hiddenStates?: boolean;
  /**
   * Only `pooled` will be read: the last layer may then be computed for each sequence's first
   * token only (same pooled output; `sequence` then holds just those rows). Default false.
   */
  readonly pooledOnly?: boolean;
}

/** What the encoder returns. */
export interface EncoderOutput {
  /** Last hidden states [batchSize * seqLength, hidden] ([batchSize, hidden] under a pruned `pooledOnly`). */
  readonly sequence: tf.Tensor2D;
  /** tanh(dense(first token)) [batchSize, hidden]. */
  readonly pooled: tf.Tensor2D;
  /** Embedding output and every layer's output, when asked for. */
  readonly hiddenStates?: readonly tf.Tensor2D[];
}

/** Checks ids, types and lengths against the config; throws InvalidOptionsError naming the first bad entry. */
export function validateBatch(batch: EncoderBatch, config: BertConfig): void {
  const { batchSize, seqLength, inputIds, tokenTypeIds, attentionMask } = batch;
  const n = batchSize * seqLength;
  if (!Number.isInteger(batchSize) || batchSize <= 0 || !Number.isInteger(seqLength) || seqLength <= 0) {
    throw new InvalidOptionsError(`batch must have positive integer sizes, got ${batchSize} x ${seqLength}`);
  }
  if (seqLength > config.maxPositions) {
    throw new InvalidOptionsError(`\`seqLength\` must be at most max_position_embeddings (${config.maxPositions}), got ${seqLength}`);
  }
  if (inputIds.length !== n || tokenTypeIds.length !== n || attentionMask.length !== n) {
    throw new InvalidOptionsError(
      `batch arrays must hold ${n} entries, got ids ${inputIds.length}, types ${tokenTypeIds.length}, mask ${attentionMask.length}`,
    );
  }
  for (let i = 0; i < n; i++) {
    const id = inputIds[i]!;
    if (id < 0 || id >= config.vocabSize) {
      throw new InvalidOptionsError(`token id must lie in [0, ${config.vocabSize}), got ${id} at position ${i}`);
    }
    const t = tokenTypeIds[i]!;
    if (t < 0 || t >= config.typeVocabSize) {
      throw new InvalidOptionsError(`token type id must lie in [0, ${config.typeVocabSize}), got ${t} at position ${i}`);
    }
  }
}

/** Runs the encoder on a batch. Tensors it returns belong to the caller's tidy scope. */
export function encoderForward(
  params: EncoderParams,
  config: BertConfig,
  batch: EncoderBatch,
  ctx: ForwardContext,
  options: EncodeOptions = {},
): EncoderOutput {
  validateBatch(batch, config);
  const { batchSize, seqLength } = batch;
  const positions = new Int32Array(batchSize * seqLength);
  for (let b = 0; b < batchSize; b++) for (let t = 0; t < seqLength; t++) positions[b * seqLength + t] = t;
  const words = embeddingLookup(params.wordEmbeddings, batch.inputIds, ctx);
  const pos = embeddingLookup(params.positionEmbeddings, positions, ctx);
  const types = embeddingLookup(params.tokenTypeEmbeddings, batch.tokenTypeIds, ctx);
  const summed = tf.addN([words, pos, types]) as tf.Tensor2D;
  let h = applyDropout(layerNorm(summed, params.embeddingNorm, config.layerNormEps, ctx), config.hiddenDropout, ctx.dropout);
  const hiddenStates: tf.Tensor2D[] = [];
  if (options.hiddenStates === true) hiddenStates.push(h);
  const blockOptions = {
    dims: { batch: batchSize, seq: seqLength, heads: config.numHeads, headDim: config.hiddenSize / config.numHeads },
    maskBias: maskBiasFrom(batch.attentionMask),
    hiddenDropout: config.hiddenDropout,
    attentionDropout: config.attentionDropout,
    layerNormEps: config.layerNormEps,
  };
  const prune = options.pooledOnly === true && options.hiddenStates !== true && getKernelFlags().pruneLastLayer;
  params.layers.forEach((layer, i) => {
    const firstTokenOnly = prune && i === params.layers.length - 1;
    h = transformerBlock(h, layer, { ...blockOptions, firstTokenOnly }, ctx);
    if (options.hiddenStates === true) hiddenStates.push(h);
  });
  let first = h;
  if (!prune) {
    const firstRows = new Int32Array(batchSize);
    for (let b = 0; b < batchSize; b++) firstRows[b] = b * seqLength;
    first = embeddingLookup(h, firstRows, ctx);
  }
  const pooled = tf.tanh(linear(first, params.pooler, ctx));
  return options.hiddenStates === true ? { sequence: h, pooled, hiddenStates } : { sequence: h, pooled };
}
