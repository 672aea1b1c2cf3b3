import { CorpusError } from '../errors.js';

/** Options of {@link packSequences}. */
export interface PackSequencesOptions {
  /** Length of every packed sequence, special tokens included. */
  maxLength: number;
  clsId: number;
  sepId: number;
}

/**
 * Packs sentences into `[CLS] s1 [SEP] s2 [SEP] ... ` sequences of at most `maxLength` tokens, in
 * order (RoBERTa's FULL-SENTENCES packing without crossing into a next document: WordNet glosses are
 * one or two short sentences, ~10 WordPiece tokens on average, so padding each alone would waste ~90%
 * of every 128-token row). A sentence longer than a row is cut to fit; sentences never split across rows.
 *
 * @param sentences WordPiece ids of each sentence, without special tokens.
 * @returns token ids per packed sequence; all token type ids are 0.
 */
export function packSequences(sentences: readonly Int32Array[], options: PackSequencesOptions): Int32Array[] {
  const { maxLength, clsId, sepId } = options;
  if (!Number.isInteger(maxLength) || maxLength < 3) {
    throw new CorpusError(`\`maxLength\` must be an integer >= 3, got ${maxLength}`);
  }
  const rows: Int32Array[] = [];
  let current: number[] = [clsId];
  const flush = (): void => {
    if (current.length > 1) rows.push(Int32Array.from(current));
    current = [clsId];
  };
  for (const sentence of sentences) {
    if (sentence.length === 0) continue;
    const piece = sentence.length > maxLength - 2 ? sentence.subarray(0, maxLength - 2) : sentence;
    if (current.length + piece.length + 1 > maxLength) flush();
    for (const id of piece) current.push(id);
    current.push(sepId);
  }
  flush();
  return rows;
}
