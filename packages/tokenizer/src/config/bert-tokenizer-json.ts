import { TokenizerConfigError } from '../errors.js';
import type { TokenizerConfigJson, TokenizerJson } from './schemas.js';

/** The text of BERT's five special pieces. */
export interface SpecialTokens {
  /** Padding piece. Default `[PAD]`. */
  readonly pad: string;
  /** Unknown-word piece. Default `[UNK]`. */
  readonly unk: string;
  /** Sequence-start piece. Default `[CLS]`. */
  readonly cls: string;
  /** Separator piece. Default `[SEP]`. */
  readonly sep: string;
  /** Masked-language-modelling piece. Default `[MASK]`. */
  readonly mask: string;
}

/** BERT's special pieces as bert-base-uncased writes them. */
export const DEFAULT_SPECIAL_TOKENS: SpecialTokens = Object.freeze({
  pad: '[PAD]',
  unk: '[UNK]',
  cls: '[CLS]',
  sep: '[SEP]',
  mask: '[MASK]',
});

/** How a tokenizer built from a bare `vocab.txt` normalises and splits text. */
export interface BertVocabOptions {
  /** Lower-case the text (an uncased vocabulary). Default `true`. */
  readonly lowercase?: boolean;
  /** Strip accents (NFD, then drop combining marks). Default: follow `lowercase`, as Hugging Face's `null`. */
  readonly stripAccents?: boolean;
  /** Put spaces around CJK ideographs so each becomes a word. Default `true`. */
  readonly handleChineseChars?: boolean;
  /** Drop control characters and turn every whitespace into a space. Default `true`. */
  readonly cleanText?: boolean;
  /** A word longer than this many characters becomes the unknown piece. Default `100`. */
  readonly maxInputCharsPerWord?: number;
  /** Prefix of continuation pieces. Default `##`. */
  readonly continuingSubwordPrefix?: string;
  /** Special pieces' text. Default {@link DEFAULT_SPECIAL_TOKENS}. */
  readonly specialTokens?: Partial<SpecialTokens>;
}

/**
 * Builds, in memory, the Hugging Face `tokenizer.json` that `BertTokenizerFast` writes for a WordPiece
 * vocabulary: BertNormalizer, BertPreTokenizer, WordPiece, a `[CLS] A [SEP] B [SEP]` template and the
 * WordPiece decoder. For bert-base-uncased's vocab.txt it equals the published tokenizer.json.
 *
 * Source: huggingface/transformers `convert_slow_tokenizer.py` (`BertConverter`).
 */
export function bertTokenizerJsonFromVocab(pieces: readonly string[], options: BertVocabOptions = {}): TokenizerJson {
  const special = { ...DEFAULT_SPECIAL_TOKENS, ...options.specialTokens };
  const maxInputCharsPerWord = options.maxInputCharsPerWord ?? 100;
  if (!Number.isInteger(maxInputCharsPerWord) || maxInputCharsPerWord < 1) {
    throw new TokenizerConfigError(`\`maxInputCharsPerWord\` must be a positive integer, got ${maxInputCharsPerWord}`);
  }
  const vocab = Object.fromEntries(pieces.map((piece, id) => [piece, id]));
  const idOf = (field: keyof SpecialTokens): number => {
    const piece = special[field];
    const id = Object.hasOwn(vocab, piece) ? vocab[piece] : undefined;
    if (id === undefined) {
      throw new TokenizerConfigError(
        `special token \`${field}\` must be a piece of the vocabulary, got ${JSON.stringify(piece)} which is not in it`,
      );
    }
    return id;
  };
  const ids = { pad: idOf('pad'), unk: idOf('unk'), cls: idOf('cls'), sep: idOf('sep'), mask: idOf('mask') };
  // Hugging Face lists added tokens by id; a vocabulary may reuse one piece for two roles.
  const added = [...new Map((['pad', 'unk', 'cls', 'sep', 'mask'] as const).map((f) => [ids[f], special[f]])).entries()]
    .sort(([a], [b]) => a - b)
    .map(([id, content]) => ({
      id,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    }));
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: added,
    normalizer: {
      type: 'BertNormalizer',
      clean_text: options.cleanText ?? true,
      handle_chinese_chars: options.handleChineseChars ?? true,
      strip_accents: options.stripAccents ?? null,
      lowercase: options.lowercase ?? true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: special.cls, type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: special.sep, type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: special.cls, type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: special.sep, type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: special.sep, type_id: 1 } },
      ],
      special_tokens: {
        [special.cls]: { id: special.cls, ids: [ids.cls], tokens: [special.cls] },
        [special.sep]: { id: special.sep, ids: [ids.sep], tokens: [special.sep] },
      },
    },
    decoder: { type: 'WordPiece', prefix: options.continuingSubwordPrefix ?? '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: special.unk,
      continuing_subword_prefix: options.continuingSubwordPrefix ?? '##',
      max_input_chars_per_word: maxInputCharsPerWord,
      vocab,
    },
  };
}

/** Reads the normalisation and special-token settings of a `tokenizer_config.json` as {@link BertVocabOptions}. */
export function bertVocabOptionsFromConfig(config: TokenizerConfigJson): BertVocabOptions {
  const specialTokens: Partial<Record<keyof SpecialTokens, string>> = {};
  if (config.pad_token !== undefined) specialTokens.pad = config.pad_token;
  if (config.unk_token !== undefined) specialTokens.unk = config.unk_token;
  if (config.cls_token !== undefined) specialTokens.cls = config.cls_token;
  if (config.sep_token !== undefined) specialTokens.sep = config.sep_token;
  if (config.mask_token !== undefined) specialTokens.mask = config.mask_token;
  return {
    ...(config.do_lower_case !== undefined && { lowercase: config.do_lower_case }),
    ...(config.strip_accents != null && { stripAccents: config.strip_accents }),
    ...(config.tokenize_chinese_chars !== undefined && { handleChineseChars: config.tokenize_chinese_chars }),
    specialTokens,
  };
}
