import type { z } from 'zod';
import { InvalidConfigError } from '../errors.js';
import { describeZodIssue } from '../util/zod-message.js';
import { hfBertConfigSchema, type HfBertConfigJson } from './schemas.js';

/** The architecture of a BERT encoder (Hugging Face BertConfig, camel-cased). */
export interface BertConfig {
  readonly vocabSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly numHeads: number;
  readonly intermediateSize: number;
  /** Only `gelu` (the exact, erf-based GELU) is supported. */
  readonly hiddenAct: 'gelu';
  readonly maxPositions: number;
  readonly typeVocabSize: number;
  readonly layerNormEps: number;
  readonly hiddenDropout: number;
  readonly attentionDropout: number;
  /** Dropout before task heads; Hugging Face's `classifier_dropout`, `hiddenDropout` when null. */
  readonly classifierDropout: number | null;
  readonly padTokenId: number;
  readonly initializerRange: number;
}

/** Reads a Hugging Face `config.json` value into a {@link BertConfig}, validating every field. */
export function parseBertConfig(json: unknown, source = 'config.json'): BertConfig {
  const parsed = hfBertConfigSchema.safeParse(json);
  if (!parsed.success) {
    throw new InvalidConfigError(`${describeZodIssue(parsed.error)} (${source})`, { cause: parsed.error });
  }
  return fromHfJson(parsed.data, source);
}

/** The Hugging Face `config.json` object for a config (plus any extra keys given). */
export function toHfConfigJson(config: BertConfig, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    architectures: ['BertModel'],
    model_type: 'bert',
    vocab_size: config.vocabSize,
    hidden_size: config.hiddenSize,
    num_hidden_layers: config.numLayers,
    num_attention_heads: config.numHeads,
    intermediate_size: config.intermediateSize,
    hidden_act: config.hiddenAct,
    hidden_dropout_prob: config.hiddenDropout,
    attention_probs_dropout_prob: config.attentionDropout,
    classifier_dropout: config.classifierDropout,
    max_position_embeddings: config.maxPositions,
    type_vocab_size: config.typeVocabSize,
    initializer_range: config.initializerRange,
    layer_norm_eps: config.layerNormEps,
    pad_token_id: config.padTokenId,
    position_embedding_type: 'absolute',
    ...extra,
  };
}

/** Checks an in-memory config (e.g. a preset with overrides) and returns it frozen. */
export function validateBertConfig(config: BertConfig): BertConfig {
  return parseBertConfig(toHfConfigJson(config), 'in-memory config');
}

function fromHfJson(j: HfBertConfigJson, source: string): BertConfig {
  if (j.model_type !== undefined && j.model_type !== 'bert') {
    throw new InvalidConfigError(`\`model_type\` must be "bert", got "${j.model_type}" (${source})`);
  }
  if (j.hidden_act !== 'gelu') {
    throw new InvalidConfigError(`\`hidden_act\` must be "gelu" (erf GELU), got "${j.hidden_act}" (${source})`);
  }
  if (j.position_embedding_type !== 'absolute') {
    throw new InvalidConfigError(`\`position_embedding_type\` must be "absolute", got "${j.position_embedding_type}" (${source})`);
  }
  if (j.hidden_size % j.num_attention_heads !== 0) {
    throw new InvalidConfigError(
      `\`hidden_size\` must be a multiple of num_attention_heads (${j.num_attention_heads}), got ${j.hidden_size} (${source})`,
    );
  }
  if (j.pad_token_id >= j.vocab_size) {
    throw new InvalidConfigError(`\`pad_token_id\` must be below vocab_size (${j.vocab_size}), got ${j.pad_token_id} (${source})`);
  }
  return Object.freeze({
    vocabSize: j.vocab_size,
    hiddenSize: j.hidden_size,
    numLayers: j.num_hidden_layers,
    numHeads: j.num_attention_heads,
    intermediateSize: j.intermediate_size,
    hiddenAct: 'gelu',
    maxPositions: j.max_position_embeddings,
    typeVocabSize: j.type_vocab_size,
    layerNormEps: j.layer_norm_eps,
    hiddenDropout: j.hidden_dropout_prob,
    attentionDropout: j.attention_probs_dropout_prob,
    classifierDropout: j.classifier_dropout ?? null,
    padTokenId: j.pad_token_id,
    initializerRange: j.initializer_range,
  });
}

/** Raw zod parse of a config.json, for readers that need fields beyond the architecture. */
export function parseHfConfigJson(json: unknown, source = 'config.json'): z.infer<typeof hfBertConfigSchema> {
  const parsed = hfBertConfigSchema.safeParse(json);
  if (!parsed.success) {
    throw new InvalidConfigError(`${describeZodIssue(parsed.error)} (${source})`, { cause: parsed.error });
  }
  return parsed.data;
}
