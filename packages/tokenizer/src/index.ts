export type {
  BertTokenizer,
  BertTokenizerOptions,
  DecodeOptions,
  Encoding,
  SpecialTokenIds,
  TextInput,
  TokenizerSource,
} from './bert-tokenizer.js';
export { bertTokenizerJsonFromVocab, bertVocabOptionsFromConfig, DEFAULT_SPECIAL_TOKENS } from './config/bert-tokenizer-json.js';
export type { BertVocabOptions, SpecialTokens } from './config/bert-tokenizer-json.js';
export type { TokenizerConfigJson, TokenizerJson } from './config/schemas.js';
export { createTokenizerFromJson, createTokenizerFromVocab, parseTokenizerConfig } from './create-tokenizer.js';
export type { CreateTokenizerFromJsonOptions, CreateTokenizerFromVocabOptions } from './create-tokenizer.js';
export { DEFAULT_MAX_LENGTH } from './encoding/encode-options.js';
export type { EncodeBatchOptions, EncodeOptions, TruncationOptions } from './encoding/encode-options.js';
export { padBatch } from './encoding/pad-batch.js';
export type { EncodedExample, PadBatchOptions, PaddedBatch, PaddingStrategy } from './encoding/pad-batch.js';
export { TRUNCATION_STRATEGIES, truncatedLengths } from './encoding/truncate.js';
export type { TruncatedLengths, TruncationRequest, TruncationStrategy } from './encoding/truncate.js';
export {
  EncodeOptionsError,
  TokenizerConfigError,
  TokenizerError,
  TokenizerFileError,
  TruncationError,
  VocabFormatError,
} from './errors.js';
export type { TokenizerErrorCode } from './errors.js';
export { loadTokenizer } from './io/load-tokenizer.js';
export type { LoadTokenizerOptions } from './io/load-tokenizer.js';
export { writeTokenizerFiles, writeVocabTxt } from './io/write-tokenizer-files.js';
export type { TokenizerFiles } from './io/write-tokenizer-files.js';
export { readBertTokenizerPackageVocab, vocabLinesFromBertTokenizerJson } from './vocab/bert-tokenizer-vocab.js';
export type { BertTokenizerPackageVocab } from './vocab/bert-tokenizer-vocab.js';
export { formatVocabTxt, parseVocabTxt } from './vocab/vocab-txt.js';
