import { z } from 'zod';
import { postProcessorSchema } from '../config/schemas.js';
import { TokenizerConfigError } from '../errors.js';
import type { TruncatedLengths } from './truncate.js';

type Segment =
  | { readonly kind: 'special'; readonly ids: readonly number[]; readonly typeId: number }
  | { readonly kind: 'A' | 'B'; readonly typeId: number };

/** Where special tokens go around one text or a pair, and the token type id of every part. */
export interface SpecialTemplate {
  /** Special tokens added to a single text (2 for BERT). */
  readonly singleCount: number;
  /** Special tokens added to a pair (3 for BERT). */
  readonly pairCount: number;
  /** Writes `[CLS] a [SEP]` or `[CLS] a [SEP] b [SEP]` (as the template says) into fresh typed arrays. */
  apply(content: TemplateContent): { inputIds: Int32Array; tokenTypeIds: Int32Array };
}

/** The content ids of both sides and how many of each are kept (a prefix). */
export interface TemplateContent {
  readonly first: ArrayLike<number>;
  /** `null` for a single text. */
  readonly second: ArrayLike<number> | null;
  readonly kept: TruncatedLengths;
}

function countSpecial(segments: readonly Segment[]): number {
  return segments.reduce((n, s) => n + (s.kind === 'special' ? s.ids.length : 0), 0);
}

/**
 * Compiles tokenizer.json's `post_processor` (TemplateProcessing or BertProcessing, the forms BERT uses;
 * `null` adds nothing) into a template applied after truncation, which is where Hugging Face adds them.
 * @param tokenToId resolves a special token's text when the template lists no ids for it.
 */
export function compileSpecialTemplate(postProcessor: unknown, tokenToId: (token: string) => number | undefined): SpecialTemplate {
  let single: Segment[];
  let pair: Segment[];
  if (postProcessor === null || postProcessor === undefined) {
    single = [{ kind: 'A', typeId: 0 }];
    pair = [
      { kind: 'A', typeId: 0 },
      { kind: 'B', typeId: 1 },
    ];
  } else {
    const parsed = postProcessorSchema.safeParse(postProcessor);
    if (!parsed.success) {
      throw new TokenizerConfigError(
        `tokenizer.json \`post_processor\` must be a TemplateProcessing or BertProcessing, got ${JSON.stringify(
          (postProcessor as { type?: unknown }).type,
        )}: ${z.prettifyError(parsed.error)}`,
        { cause: parsed.error },
      );
    }
    const processor = parsed.data;
    if (processor.type === 'BertProcessing') {
      const [, clsId] = processor.cls;
      const [, sepId] = processor.sep;
      single = [
        { kind: 'special', ids: [clsId], typeId: 0 },
        { kind: 'A', typeId: 0 },
        { kind: 'special', ids: [sepId], typeId: 0 },
      ];
      pair = [...single, { kind: 'B', typeId: 1 }, { kind: 'special', ids: [sepId], typeId: 1 }];
    } else {
      const compile = (items: typeof processor.single): Segment[] =>
        items.map((item) => {
          if ('Sequence' in item) return { kind: item.Sequence.id, typeId: item.Sequence.type_id };
          const name = item.SpecialToken.id;
          const listed = Object.hasOwn(processor.special_tokens, name) ? processor.special_tokens[name]?.ids : undefined;
          const ids = listed ?? [tokenToId(name)];
          if (ids.some((id) => id === undefined)) {
            throw new TokenizerConfigError(
              `tokenizer.json \`post_processor\` special token must be in the vocabulary, got ${JSON.stringify(name)}`,
            );
          }
          return { kind: 'special', ids: ids as number[], typeId: item.SpecialToken.type_id };
        });
      single = compile(processor.single);
      pair = compile(processor.pair);
    }
  }
  const singleCount = countSpecial(single);
  const pairCount = countSpecial(pair);
  return {
    singleCount,
    pairCount,
    apply({ first, second, kept }) {
      const firstLength = kept.first;
      const secondLength = kept.second;
      const segments = second === null ? single : pair;
      const total = (second === null ? singleCount : pairCount) + firstLength + (second === null ? 0 : secondLength);
      const inputIds = new Int32Array(total);
      const tokenTypeIds = new Int32Array(total);
      let at = 0;
      for (const segment of segments) {
        if (segment.kind === 'special') {
          for (const id of segment.ids) {
            inputIds[at] = id;
            tokenTypeIds[at++] = segment.typeId;
          }
          continue;
        }
        const source = segment.kind === 'A' ? first : second;
        const length = segment.kind === 'A' ? firstLength : secondLength;
        if (source === null) continue;
        for (let i = 0; i < length; i++) inputIds[at + i] = source[i] ?? 0;
        if (segment.typeId !== 0) tokenTypeIds.fill(segment.typeId, at, at + length);
        at += length;
      }
      return { inputIds, tokenTypeIds };
    },
  };
}
