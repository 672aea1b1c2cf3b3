import type { SpecialTokens } from './config/bert-tokenizer-json.js';
import type { TokenizerConfigJson, TokenizerJson } from './config/schemas.js';
import { BoundedCache } from './encoding/bounded-cache.js';
import {
  type EncodeBatchOptions,
  type EncodeOptions,
  type ResolvedTruncation,
  type TruncationOptions,
  resolveTruncation,
} from './encoding/encode-options.js';
import { type EncodedExample, type PadBatchOptions, type PaddedBatch, padBatch } from './encoding/pad-batch.js';
import { type SpecialTemplate, compileSpecialTemplate } from './encoding/special-template.js';
import { truncatedLengths } from './encoding/truncate.js';
import { EncodeOptionsError, TokenizerConfigError } from './errors.js';
import { type HfTokenizer, type HfWordPieceModel, createHfTokenizer } from './hf-tokenizer.js';

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Ids of BERT's five special pieces. */
export interface SpecialTokenIds {
  /** `[PAD]`, written into padding positions. */
  readonly pad: number;
  /** `[UNK]`, for words WordPiece cannot split. */
  readonly unk: number;
  /** `[CLS]`, first token of every encoding. */
  readonly cls: number;
  /** `[SEP]`, closes each text. */
  readonly sep: number;
  /** `[MASK]`, for masked-language modelling. */
  readonly mask: number;
}

/** Where a tokenizer came from, for logs and run records. */
export interface TokenizerSource {
  /** The kind of file it was built from. */
  readonly kind: 'tokenizer-json' | 'vocab-txt' | 'bert-tokenizer-package' | 'memory';
  /** The file read, where there was one. */
  readonly path?: string;
}

/** A text, or a pair of texts encoded as `[CLS] text [SEP] pair [SEP]`. */
export type TextInput = string | readonly [text: string, pair: string];

/** One encoding with everything a caller may want to look at. */
export interface Encoding extends EncodedExample {
  /** 1 for every token (an unpadded encoding). */
  readonly attentionMask: Int32Array;
  /** The pieces, special ones included. */
  readonly tokens: string[];
}

/** Options of `decode`. */
export interface DecodeOptions {
  /** Leave out special pieces (`[CLS]`, `[SEP]`, `[PAD]`, ...). Default `false`, as Hugging Face. */
  readonly skipSpecialTokens?: boolean;
  /**
   * Run the whole-text clean-up that joins contractions back (`" ' "` to `"'"`, `" n't"` to `"n't"`).
   * The WordPiece decoder's per-piece clean-up (`" ,"` to `","`) runs regardless, as in Hugging Face.
   * Default `true`.
   */
  readonly cleanUpTokenizationSpaces?: boolean;
}

/** What a {@link BertTokenizer} is made of; the `create*` and `loadTokenizer` functions fill it in. */
export interface BertTokenizerParts {
  /** A validated tokenizer.json. */
  readonly tokenizerJson: TokenizerJson;
  /** A validated tokenizer_config.json. */
  readonly tokenizerConfig: TokenizerConfigJson;
  /** Text of the special pieces. */
  readonly specialTokens: SpecialTokens;
  /** Cache and provenance settings. */
  readonly options?: BertTokenizerOptions;
}

/** Settings of the layer this package puts around `@huggingface/tokenizers`. */
export interface BertTokenizerOptions {
  /** Words whose WordPiece ids are remembered (0 turns the cache off). Default `65536`. */
  readonly wordCacheSize?: number;
  /** Where the tokenizer came from. Default `{ kind: 'memory' }`. */
  readonly source?: TokenizerSource;
}

/**
 * A BERT WordPiece tokenizer on `@huggingface/tokenizers`, with Hugging Face's truncation and padding,
 * encoding straight into `Int32Array`s. Build one with `createTokenizerFromJson`,
 * `createTokenizerFromVocab` or `loadTokenizer`.
 *
 * Speed: the library's normaliser and pre-tokeniser run per text, but a word's WordPiece ids are
 * remembered (a bounded cache), which is where the library spends most of its time on real corpora.
 * Texts that may hold an added token (`[MASK]` typed in the text), and tokenizers whose settings the
 * cached path does not reproduce, go through the library's own `encode` unchanged.
 */
export class BertTokenizer {
  /** Number of ids (the embedding table's rows). */
  readonly vocabSize: number;
  /** Ids of the special pieces. */
  readonly specialIds: SpecialTokenIds;
  /** Text of the special pieces. */
  readonly specialTokens: SpecialTokens;
  /** Where this tokenizer came from. */
  readonly source: TokenizerSource;
  /** Longest word, in characters, that WordPiece splits; longer ones become `[UNK]`. */
  readonly maxInputCharsPerWord: number;

  readonly #json: TokenizerJson;
  readonly #config: TokenizerConfigJson;
  readonly #hf: HfTokenizer;
  readonly #template: SpecialTemplate;
  readonly #cache: BoundedCache<readonly number[]>;
  readonly #normalize: HfTokenizer['normalizer'];
  readonly #preTokenize: HfTokenizer['pre_tokenizer'];
  readonly #model: HfWordPieceModel;
  readonly #pieceIds: Map<string, number>;
  readonly #unkId: number;
  /** First characters of the added tokens: a text holding none of them cannot hold an added token. */
  readonly #addedStarts: string[];
  readonly #cachedPath: boolean;
  /** For BertNormalizer: whether it lower-cases; `null` when the normaliser is another kind. */
  readonly #bertLowercase: boolean | null;

  /** Use the `create*` / `loadTokenizer` functions; this expects already validated JSON. */
  constructor(parts: BertTokenizerParts) {
    const { tokenizerJson: json, tokenizerConfig: config, specialTokens, options = {} } = parts;
    const wordCacheSize = options.wordCacheSize ?? 65_536;
    if (!Number.isInteger(wordCacheSize) || wordCacheSize < 0) {
      throw new TokenizerConfigError(`\`wordCacheSize\` must be a non-negative integer, got ${wordCacheSize}`);
    }
    this.#json = json;
    this.#config = config;
    try {
      this.#hf = createHfTokenizer(json, config);
    } catch (error) {
      throw new TokenizerConfigError(
        `tokenizer.json must describe a pipeline @huggingface/tokenizers can build, got: ${(error as Error).message}`,
        { cause: error },
      );
    }
    const model = this.#hf.model;
    if (model === null) throw new TokenizerConfigError('tokenizer.json `model` must be set, got null');
    this.source = options.source ?? { kind: 'memory' };
    this.specialTokens = Object.freeze({ ...specialTokens });
    const idOf = (field: keyof SpecialTokens): number => {
      const id = this.#hf.token_to_id(specialTokens[field]);
      if (id === undefined) {
        throw new TokenizerConfigError(
          `special token \`${field}\` must be in the vocabulary, got ${JSON.stringify(specialTokens[field])} which is not`,
        );
      }
      return id;
    };
    this.specialIds = Object.freeze({ pad: idOf('pad'), unk: idOf('unk'), cls: idOf('cls'), sep: idOf('sep'), mask: idOf('mask') });
    this.vocabSize = model.vocab.length;
    this.maxInputCharsPerWord = json.model.max_input_chars_per_word;
    this.#template = compileSpecialTemplate(json.post_processor, (token) => this.#hf.token_to_id(token));
    this.#cache = new BoundedCache(wordCacheSize);
    this.#normalize = this.#hf.normalizer;
    this.#preTokenize = this.#hf.pre_tokenizer;
    this.#model = model;
    this.#pieceIds = model.tokens_to_ids;
    const modelUnk = model.unk_token_id;
    if (modelUnk === undefined) {
      throw new TokenizerConfigError(
        `tokenizer.json \`model.unk_token\` must be in the vocabulary, got ${JSON.stringify(json.model.unk_token)}`,
      );
    }
    this.#unkId = modelUnk;
    this.#bertLowercase = json.normalizer?.type === 'BertNormalizer' ? Boolean(json.normalizer['lowercase']) : null;
    this.#addedStarts = [...new Set(json.added_tokens.map((t) => t.content[0] ?? ''))].filter((c) => c !== '');
    const raw = config as Record<string, unknown>;
    // The cached path repeats the library's steps for the common BERT set-up only; anything that makes
    // the library do more (normalised added tokens, extra config passes, fused unknowns) falls back.
    this.#cachedPath =
      json.added_tokens.every((t) => (t.normalized ?? !(t.special ?? false)) === false) &&
      raw['remove_space'] !== true &&
      raw['do_lowercase_and_remove_accent'] !== true &&
      !model.fuse_unk;
  }

  /** Special tokens around a single text (`pair` false) or a pair: 2 and 3 for BERT. */
  numSpecialTokens(pair: boolean): number {
    return pair ? this.#template.pairCount : this.#template.singleCount;
  }

  /** WordPiece pieces of a text, without special tokens and without truncation. */
  tokenize(text: string): string[] {
    return Array.from(this.#contentIds(text), (id) => this.#hf.id_to_token(id) ?? this.specialTokens.unk);
  }

  /** Encodes one text or pair, truncated to `maxLength` (default 512) and unpadded. */
  encode(text: string, options: EncodeOptions = {}): Encoding {
    const input: TextInput = options.pair === undefined ? text : [text, options.pair];
    const example = this.#encodeOne(input, resolveTruncation(options), () => 'input');
    return {
      ...example,
      attentionMask: new Int32Array(example.inputIds.length).fill(1),
      tokens: Array.from(example.inputIds, (id) => this.#hf.id_to_token(id) ?? this.specialTokens.unk),
    };
  }

  /**
   * Encodes many inputs without padding: per input, ids and token type ids truncated to `maxLength`
   * (special tokens included). The compact form for tokenizing a dataset once and padding per batch.
   */
  encodeMany(inputs: readonly TextInput[], options: TruncationOptions = {}): EncodedExample[] {
    const resolved = resolveTruncation(options);
    return inputs.map((input, index) => this.#encodeOne(input, resolved, () => `input ${index}`));
  }

  /** Encodes and pads a batch into row-major `[batchSize, seqLen]` Int32Arrays with an attention mask. */
  encodeBatch(inputs: readonly TextInput[], options: EncodeBatchOptions = {}): PaddedBatch {
    const resolved = resolveTruncation(options);
    const examples = inputs.map((input, index) => this.#encodeOne(input, resolved, () => `input ${index}`));
    return padBatch(examples, {
      padding: options.padding ?? 'longest',
      maxLength: resolved.maxLength,
      padToMultipleOf: options.padToMultipleOf ?? 1,
      padId: this.specialIds.pad,
    });
  }

  /** Pads examples from `encodeMany` with this tokenizer's `[PAD]` id (see the free `padBatch`). */
  padBatch(examples: readonly EncodedExample[], options: Omit<PadBatchOptions, 'padId'> = {}): PaddedBatch {
    return padBatch(examples, { ...options, padId: this.specialIds.pad });
  }

  /** Turns ids back into text with the WordPiece decoder (`##` pieces joined to their word). */
  decode(ids: ArrayLike<number>, options: DecodeOptions = {}): string {
    const list = Array.from(ids);
    for (const [index, id] of list.entries()) {
      if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize) {
        throw new EncodeOptionsError(`\`ids[${index}]\` must be an integer in [0, ${this.vocabSize}), got ${id}`);
      }
    }
    if (list.length === 0) return '';
    return this.#hf.decode(list, {
      skip_special_tokens: options.skipSpecialTokens ?? false,
      clean_up_tokenization_spaces: options.cleanUpTokenizationSpaces ?? true,
    });
  }

  /** The id of a piece, or `undefined` when it is not in the vocabulary. */
  tokenToId(token: string): number | undefined {
    return this.#hf.token_to_id(token);
  }

  /** The piece with an id, or `undefined` when the id is out of range. */
  idToToken(id: number): string | undefined {
    return this.#hf.id_to_token(id);
  }

  /** All pieces in id order: the lines of this tokenizer's `vocab.txt`. */
  vocabulary(): string[] {
    return Array.from({ length: this.vocabSize }, (_, id) => this.#hf.id_to_token(id) ?? '');
  }

  /** A copy of the Hugging Face `tokenizer.json` this tokenizer runs. */
  toTokenizerJson(): TokenizerJson {
    return structuredClone(this.#json);
  }

  /** A copy of the `tokenizer_config.json` settings this tokenizer was built with. */
  toTokenizerConfig(): TokenizerConfigJson {
    return structuredClone(this.#config);
  }

  /** Words whose ids are cached now (for tests and benchmarks). */
  get cachedWords(): number {
    return this.#cache.size;
  }

  /** Forgets the cached words (memory back; results do not change). */
  clearCache(): void {
    this.#cache.clear();
  }

  #encodeOne(input: TextInput, options: ResolvedTruncation, where: () => string): EncodedExample {
    const isPair = typeof input !== 'string';
    const special = isPair ? this.#template.pairCount : this.#template.singleCount;
    if (options.maxLength < special) {
      throw new EncodeOptionsError(
        `${where()}: \`maxLength\` must be at least the ${special} special tokens of a ${isPair ? 'pair' : 'single text'}, got ${options.maxLength}`,
      );
    }
    const first = this.#contentIds(isPair ? input[0] : input);
    const second = isPair ? this.#contentIds(input[1]) : null;
    const kept = truncatedLengths(
      { first: first.length, second: second?.length ?? null, budget: options.maxLength - special, strategy: options.truncation },
      where,
    );
    return this.#template.apply({ first, second, kept });
  }

  /** Ids of a text's pieces, no special tokens: the library's `encode_text` with WordPiece memoised per word. */
  #contentIds(text: string): readonly number[] {
    if (!this.#cachedPath || this.#mayHoldAddedToken(text)) {
      return this.#hf.encode(text, { add_special_tokens: false }).ids;
    }
    const normalized = this.#normalizeText(text);
    if (normalized.length === 0) return [];
    // One section (no added token in the text), so the library would pass section index 0.
    const words = this.#preTokenize === null ? [normalized] : this.#preTokenize(normalized, { section_index: 0 });
    const ids: number[] = [];
    for (const word of words) {
      let wordIds = this.#cache.get(word);
      if (wordIds === undefined) {
        wordIds = this.#model([word]).map((piece) => this.#pieceIds.get(piece) ?? this.#unkId);
        this.#cache.set(word, wordIds);
      }
      for (const id of wordIds) ids.push(id);
    }
    return ids;
  }

  /**
   * On printable ASCII, BertNormalizer's passes (clean text, CJK spacing, NFD accent stripping) are all
   * the identity, so only lower-casing is left; most English text skips the per-character passes.
   */
  #normalizeText(text: string): string {
    if (this.#bertLowercase !== null && PRINTABLE_ASCII.test(text)) return this.#bertLowercase ? text.toLowerCase() : text;
    return this.#normalize === null ? text : this.#normalize(text);
  }

  #mayHoldAddedToken(text: string): boolean {
    for (const start of this.#addedStarts) if (text.includes(start)) return true;
    return false;
  }
}
