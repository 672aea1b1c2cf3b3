import { VocabFormatError } from '../errors.js';

/**
 * Parses a BERT `vocab.txt` (one piece a line, the line index is the id) into pieces in id order.
 *
 * A final newline is optional and a CRLF line end is accepted. Empty and duplicate pieces are refused:
 * Hugging Face would silently give the duplicate the later id, which shifts every id after it.
 * @param source names the file in error messages.
 */
export function parseVocabTxt(text: string, source = 'vocab.txt'): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) throw new VocabFormatError(`${source} must hold at least one piece, got an empty file`);
  const seen = new Map<string, number>();
  return lines.map((raw, id) => {
    const piece = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (piece.length === 0) throw new VocabFormatError(`${source}:${id + 1}: piece must be non-empty, got an empty line`);
    const earlier = seen.get(piece);
    if (earlier !== undefined) {
      throw new VocabFormatError(
        `${source}:${id + 1}: piece must be unique, got ${JSON.stringify(piece)} again (first on line ${earlier + 1})`,
      );
    }
    seen.set(piece, id);
    return piece;
  });
}

/** Formats pieces in id order as `vocab.txt` text: one piece a line, each line ending in `\n`. */
export function formatVocabTxt(pieces: readonly string[]): string {
  for (const [id, piece] of pieces.entries()) {
    if (piece.length === 0 || piece.includes('\n') || piece.includes('\r')) {
      throw new VocabFormatError(`vocab piece ${id} must be non-empty and hold no line break, got ${JSON.stringify(piece)}`);
    }
  }
  return pieces.length === 0 ? '' : `${pieces.join('\n')}\n`;
}
