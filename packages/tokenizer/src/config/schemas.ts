import { z } from 'zod';

/** One entry of tokenizer.json's `added_tokens` (Hugging Face tokenizers' `AddedToken`). */
export const addedTokenSchema = z.looseObject({
  id: z.number().int().nonnegative(),
  content: z.string().min(1),
  single_word: z.boolean().optional(),
  lstrip: z.boolean().optional(),
  rstrip: z.boolean().optional(),
  normalized: z.boolean().optional(),
  special: z.boolean().optional(),
});

/** tokenizer.json's `model` for WordPiece, the only model a BERT tokenizer has. */
export const wordPieceModelSchema = z.looseObject({
  type: z.literal('WordPiece').optional(),
  vocab: z.record(z.string(), z.number().int().nonnegative()),
  unk_token: z.string().min(1),
  continuing_subword_prefix: z.string().default('##'),
  max_input_chars_per_word: z.number().int().positive().default(100),
});

/** A pipeline component (normalizer, pre-tokenizer, post-processor, decoder): its type, the rest kept as is. */
const componentSchema = z.looseObject({ type: z.string() }).nullable().default(null);

/** A Hugging Face `tokenizer.json` as far as this package reads it; unknown fields are kept. */
export const tokenizerJsonSchema = z.looseObject({
  version: z.string().optional(),
  truncation: z.unknown().optional(),
  padding: z.unknown().optional(),
  added_tokens: z.array(addedTokenSchema).default([]),
  normalizer: componentSchema,
  pre_tokenizer: componentSchema,
  post_processor: componentSchema,
  decoder: componentSchema,
  model: wordPieceModelSchema,
});

/** Parsed tokenizer.json. */
export type TokenizerJson = z.infer<typeof tokenizerJsonSchema>;

/** Old configs store a special token as an `AddedToken` object instead of its text. */
const specialTokenSchema = z
  .union([z.string().min(1), z.looseObject({ content: z.string().min(1) })])
  .transform((token) => (typeof token === 'string' ? token : token.content))
  .optional();

/** A Hugging Face `tokenizer_config.json` as far as this package reads it; unknown fields are kept. */
export const tokenizerConfigSchema = z.looseObject({
  do_lower_case: z.boolean().optional(),
  strip_accents: z.boolean().nullable().optional(),
  tokenize_chinese_chars: z.boolean().optional(),
  clean_up_tokenization_spaces: z.boolean().optional(),
  unk_token: specialTokenSchema,
  cls_token: specialTokenSchema,
  sep_token: specialTokenSchema,
  pad_token: specialTokenSchema,
  mask_token: specialTokenSchema,
  model_max_length: z.number().optional(),
  tokenizer_class: z.string().optional(),
});

/** Parsed tokenizer_config.json. */
export type TokenizerConfigJson = z.infer<typeof tokenizerConfigSchema>;

const templateItemSchema = z.union([
  z.object({ SpecialToken: z.object({ id: z.string().min(1), type_id: z.number().int().nonnegative().default(0) }) }),
  z.object({ Sequence: z.object({ id: z.enum(['A', 'B']), type_id: z.number().int().nonnegative().default(0) }) }),
]);

/** tokenizer.json's `post_processor` in the two forms that express BERT's `[CLS] A [SEP] B [SEP]`. */
export const postProcessorSchema = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('TemplateProcessing'),
    single: z.array(templateItemSchema),
    pair: z.array(templateItemSchema),
    special_tokens: z.record(z.string(), z.looseObject({ id: z.string(), ids: z.array(z.number().int().nonnegative()) })).default({}),
  }),
  z.looseObject({
    type: z.literal('BertProcessing'),
    sep: z.tuple([z.string().min(1), z.number().int().nonnegative()]),
    cls: z.tuple([z.string().min(1), z.number().int().nonnegative()]),
  }),
]);

/** Parsed post-processor. */
export type PostProcessorJson = z.infer<typeof postProcessorSchema>;
