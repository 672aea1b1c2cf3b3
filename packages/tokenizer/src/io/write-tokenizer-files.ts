import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { BertTokenizer } from '../bert-tokenizer.js';
import { TokenizerFileError } from '../errors.js';
import { formatVocabTxt } from '../vocab/vocab-txt.js';

/** Writes through a temporary file and a rename, so a reader never sees half a file. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new TokenizerFileError(`${path} must be writable, but writing it failed`, { cause: error });
  }
}

/**
 * Writes a BERT `vocab.txt` (one piece a line, final newline) from a tokenizer or pieces in id order.
 * @returns the absolute path written.
 */
export async function writeVocabTxt(path: string, vocab: BertTokenizer | readonly string[]): Promise<string> {
  const pieces = Array.isArray(vocab) ? (vocab as readonly string[]) : (vocab as BertTokenizer).vocabulary();
  const target = resolve(path);
  await writeAtomically(target, formatVocabTxt(pieces));
  return target;
}

/** Paths written by {@link writeTokenizerFiles}. */
export interface TokenizerFiles {
  /** `vocab.txt`. */
  readonly vocabTxt: string;
  /** `tokenizer.json`. */
  readonly tokenizerJson: string;
  /** `tokenizer_config.json`. */
  readonly tokenizerConfig: string;
}

/**
 * Writes `vocab.txt`, `tokenizer.json` and `tokenizer_config.json` into a folder, so a model folder
 * ships the tokenizer it was trained with and `loadTokenizer({ dir })` rebuilds it exactly.
 */
export async function writeTokenizerFiles(dir: string, tokenizer: BertTokenizer): Promise<TokenizerFiles> {
  const folder = resolve(dir);
  const files: TokenizerFiles = {
    vocabTxt: join(folder, 'vocab.txt'),
    tokenizerJson: join(folder, 'tokenizer.json'),
    tokenizerConfig: join(folder, 'tokenizer_config.json'),
  };
  await writeVocabTxt(files.vocabTxt, tokenizer);
  await writeAtomically(files.tokenizerJson, `${JSON.stringify(tokenizer.toTokenizerJson(), null, 2)}\n`);
  await writeAtomically(files.tokenizerConfig, `${JSON.stringify(tokenizer.toTokenizerConfig(), null, 2)}\n`);
  return files;
}
