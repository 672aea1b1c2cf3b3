import { readFile } from 'node:fs/promises';
import { TsvReadError } from '../errors.js';
import { parseGlueTsv, type ParseGlueTsvOptions, type ParsedGlueTsv } from './parse-glue-tsv.js';

/** Options of `readGlueTsv`: the parse options plus the file's path. */
export interface ReadGlueTsvOptions extends Omit<ParseGlueTsvOptions, 'file'> {
  /** Path of the TSV file; it also names the file in error messages. */
  readonly path: string;
}

/** Reads and parses one GLUE TSV file (see `parseGlueTsv` for the format rules). */
export async function readGlueTsv(options: ReadGlueTsvOptions): Promise<ParsedGlueTsv> {
  let bytes: Buffer;
  try {
    bytes = await readFile(options.path);
  } catch (cause) {
    throw new TsvReadError(options.path, { cause });
  }
  return parseGlueTsv(bytes, { ...options, file: options.path });
}
