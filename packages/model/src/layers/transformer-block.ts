// One post-LayerNorm transformer encoder layer as Hugging Face's BertLayer: self-attention with
// output projection, dropout, residual and LayerNorm, then the GELU feed-forward network with
// dropout, residual and LayerNorm (Devlin et al. 2019; Vaswani et al. 2017).
import * as tf from '@tensorflow/tfjs-core';
import { attentionCore, type AttentionDims } from './attention.js';
import { applyDropout } from './dropout.js';
import { embeddingLookup } from './embedding.js';
import type { ForwardContext } from './forward-context.js';
import { gelu } from './gelu.js';
import { layerNorm, type LayerNormParams } from './layer-norm.js';
import { linear, linearConcat, type LinearParams } from './linear.js';

/** The weights of one encoder layer (HF BertLayer). */
export interface TransformerBlockParams {
  readonly query: LinearParams;
  readonly key: LinearParams;
  readonly value: LinearParams;
  readonly attentionOutput: LinearParams;
  readonly attentionNorm: LayerNormParams;
  readonly intermediate: LinearParams;
  readonly output: LinearParams;
  readonly outputNorm: LayerNormParams;
}

/** Rates and epsilon a block needs from the config. */
export interface TransformerBlockOptions {
  readonly dims: AttentionDims;
  readonly maskBias: Float32Array;
  readonly hiddenDropout: number;
  readonly attentionDropout: number;
  readonly layerNormEps: number;
}

/**
 * One encoder layer on hidden states [batch * seq, hidden]. With `firstTokenOnly` it returns only
 * the rows of each sequence's first token, [batch, hidden] (keys and values still see every
 * token), which is all a pooled head needs from the last layer.
 */
export function transformerBlock(
  x: tf.Tensor2D,
  p: TransformerBlockParams,
  options: TransformerBlockOptions & { readonly firstTokenOnly?: boolean },
  ctx: ForwardContext,
): tf.Tensor2D {
  const { dims, maskBias, hiddenDropout, attentionDropout, layerNormEps } = options;
  let residual = x;
  let context: tf.Tensor2D;
  if (options.firstTokenOnly === true) {
    const first = Int32Array.from({ length: dims.batch }, (_, b) => b * dims.seq);
    residual = embeddingLookup(x, first, ctx);
    const q = linear(residual, p.query, ctx);
    const kv = linearConcat(x, [p.key, p.value], ctx);
    context = attentionCore({ q, kv }, { ...dims, querySeq: 1 }, maskBias, attentionDropout, ctx);
  } else {
    const qkv = linearConcat(x, [p.query, p.key, p.value], ctx);
    context = attentionCore({ qkv }, dims, maskBias, attentionDropout, ctx);
  }
  const attended = applyDropout(linear(context, p.attentionOutput, ctx), hiddenDropout, ctx.dropout);
  const h = layerNorm(tf.add(attended, residual), p.attentionNorm, layerNormEps, ctx);
  const inner = gelu(linear(h, p.intermediate, ctx), ctx);
  const out = applyDropout(linear(inner, p.output, ctx), hiddenDropout, ctx.dropout);
  return layerNorm(tf.add(out, h), p.outputNorm, layerNormEps, ctx);
}
