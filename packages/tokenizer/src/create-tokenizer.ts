import { z } from 'zod';
import { type BertTokenizerOptions, BertTokenizer } from './bert-tokenizer.js';
import {
  type BertVocabOptions,
  DEFAULT_SPECIAL_TOKENS,
  type SpecialTokens,
  bertTokenizerJsonFromVocab,
} from './config/bert-tokenizer-json.js';
import { type TokenizerConfigJson, tokenizerConfigSchema, tokenizerJsonSchema } from './config/schemas.js';
import { TokenizerConfigError } from './errors.js';

/** Inputs of {@link createTokenizerFromJson}. */
export interface CreateTokenizerFromJsonOptions extends BertTokenizerOptions {
  /** A parsed Hugging Face `tokenizer.json` with a WordPiece model. Required. */
  readonly tokenizerJson: unknown;
  /** A parsed `tokenizer_config.json`; names the special tokens. Default `{}` (BERT's names). */
  readonly tokenizerConfig?: unknown;
  /** Names the file in error messages. Default `'tokenizer.json'`. */
  readonly label?: string;
}

/** Options of {@link createTokenizerFromVocab}: how text is normalised, and the cache. */
export interface CreateTokenizerFromVocabOptions extends BertVocabOptions, BertTokenizerOptions {}

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, label: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new TokenizerConfigError(`${label} must be a BERT WordPiece tokenizer file: ${z.prettifyError(parsed.error)}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/** Validates a tokenizer_config.json object (special-token names, casing) for the loaders. */
export function parseTokenizerConfig(value: unknown, label = 'tokenizer_config.json'): TokenizerConfigJson {
  return parseOrThrow(tokenizerConfigSchema, value, label);
}

function specialTokensOf(config: TokenizerConfigJson, fallback: Partial<SpecialTokens> = {}): SpecialTokens {
  return {
    pad: config.pad_token ?? fallback.pad ?? DEFAULT_SPECIAL_TOKENS.pad,
    unk: config.unk_token ?? fallback.unk ?? DEFAULT_SPECIAL_TOKENS.unk,
    cls: config.cls_token ?? fallback.cls ?? DEFAULT_SPECIAL_TOKENS.cls,
    sep: config.sep_token ?? fallback.sep ?? DEFAULT_SPECIAL_TOKENS.sep,
    mask: config.mask_token ?? fallback.mask ?? DEFAULT_SPECIAL_TOKENS.mask,
  };
}

/** Builds a tokenizer from a Hugging Face `tokenizer.json` (and optionally its `tokenizer_config.json`). */
export function createTokenizerFromJson(options: CreateTokenizerFromJsonOptions): BertTokenizer {
  const label = options.label ?? 'tokenizer.json';
  const json = parseOrThrow(tokenizerJsonSchema, options.tokenizerJson, label);
  const config = parseTokenizerConfig(options.tokenizerConfig ?? {});
  // Without a config the model's own unknown piece is the best guess for `unk`.
  const special = specialTokensOf(config, { unk: json.model.unk_token });
  const { wordCacheSize, source } = options;
  return new BertTokenizer({ tokenizerJson: json, tokenizerConfig: config, specialTokens: special, options: { wordCacheSize, source } });
}

/**
 * Builds a tokenizer from `vocab.txt` pieces (id order), constructing the `tokenizer.json` that
 * Hugging Face's `BertTokenizerFast` would use for them. Defaults suit an uncased vocabulary.
 */
export function createTokenizerFromVocab(pieces: readonly string[], options: CreateTokenizerFromVocabOptions = {}): BertTokenizer {
  const json = bertTokenizerJsonFromVocab(pieces, options);
  const { wordCacheSize, source } = options;
  const special = { ...DEFAULT_SPECIAL_TOKENS, ...options.specialTokens };
  const config: TokenizerConfigJson = {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: options.lowercase ?? true,
    strip_accents: options.stripAccents ?? null,
    tokenize_chinese_chars: options.handleChineseChars ?? true,
    clean_up_tokenization_spaces: true,
    unk_token: special.unk,
    cls_token: special.cls,
    sep_token: special.sep,
    pad_token: special.pad,
    mask_token: special.mask,
  };
  return new BertTokenizer({ tokenizerJson: json, tokenizerConfig: config, specialTokens: special, options: { wordCacheSize, source } });
}
