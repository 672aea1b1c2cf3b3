import { z } from 'zod';

const positiveInt = z.number().int().positive();
const probability = z.number().min(0).max(1);

/** A task head as lrdist records it in `config.json` (`lrdist_heads`). */
export const headSpecSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9_-]+$/),
  kind: z.enum(['classification', 'regression']),
  num_labels: positiveInt,
});

/**
 * Hugging Face BERT `config.json` (the fields BertModel reads; the rest pass through untouched).
 * Defaults are those of transformers' BertConfig.
 */
export const hfBertConfigSchema = z.looseObject({
  model_type: z.string().optional(),
  vocab_size: positiveInt.default(30522),
  hidden_size: positiveInt.default(768),
  num_hidden_layers: positiveInt.default(12),
  num_attention_heads: positiveInt.default(12),
  intermediate_size: positiveInt.default(3072),
  hidden_act: z.string().default('gelu'),
  hidden_dropout_prob: probability.default(0.1),
  attention_probs_dropout_prob: probability.default(0.1),
  max_position_embeddings: positiveInt.default(512),
  type_vocab_size: positiveInt.default(2),
  initializer_range: z.number().positive().default(0.02),
  layer_norm_eps: z.number().positive().default(1e-12),
  pad_token_id: z.number().int().nonnegative().default(0),
  position_embedding_type: z.string().default('absolute'),
  classifier_dropout: probability.nullable().optional(),
  num_labels: positiveInt.optional(),
  id2label: z.record(z.string(), z.string()).optional(),
  problem_type: z.string().nullable().optional(),
  lrdist_heads: z.array(headSpecSchema).optional(),
});

/** The parsed shape of a Hugging Face BERT `config.json`. */
export type HfBertConfigJson = z.infer<typeof hfBertConfigSchema>;
