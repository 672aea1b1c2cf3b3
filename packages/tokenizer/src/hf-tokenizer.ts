import { Tokenizer } from '@huggingface/tokenizers';

/** The WordPiece model inside the library's tokenizer: callable on words, with its vocabulary. */
export interface HfWordPieceModel {
  (words: string[]): string[];
  readonly vocab: string[];
  readonly tokens_to_ids: Map<string, number>;
  readonly unk_token_id: number | undefined;
  readonly fuse_unk: boolean;
}

/**
 * The part of `@huggingface/tokenizers`' `Tokenizer` this package uses, typed here because the
 * package's own declarations re-export through extensionless paths that NodeNext resolution cannot
 * follow, which would leave `Tokenizer` typed `any`.
 */
export interface HfTokenizer {
  readonly normalizer: ((text: string) => string) | null;
  readonly pre_tokenizer: ((text: string, options?: { section_index?: number }) => string[]) | null;
  readonly model: HfWordPieceModel | null;
  encode(
    text: string,
    options?: { text_pair?: string | null; add_special_tokens?: boolean; return_token_type_ids?: boolean },
  ): {
    ids: number[];
    tokens: string[];
    attention_mask: number[];
    token_type_ids?: number[];
  };
  decode(ids: number[], options?: { skip_special_tokens?: boolean; clean_up_tokenization_spaces?: boolean }): string;
  token_to_id(token: string): number | undefined;
  id_to_token(id: number): string | undefined;
}

/** Builds the library's tokenizer from tokenizer.json and tokenizer_config.json objects (may throw a bare Error). */
export function createHfTokenizer(tokenizerJson: object, tokenizerConfig: object): HfTokenizer {
  return new Tokenizer(tokenizerJson, tokenizerConfig) as HfTokenizer;
}
