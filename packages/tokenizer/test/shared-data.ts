// Finds the project's real data (GLUE TSVs, bert-base-uncased vocab) for integration tests and the
// benchmark. Never skips: a missing data directory is an error that lists where it looked.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TextInput } from '../src/index.js';

export { findSharedData, type SharedData } from '../../../vitest.data.js';

/** The GLUE tasks the project ships data for, with the columns holding their text. */
export const GLUE_TEXT_COLUMNS = {
  CoLA: { header: false, columns: [3] },
  'SST-2': { header: true, columns: [0] },
  MRPC: { header: true, columns: [3, 4] },
  RTE: { header: true, columns: [1, 2] },
} as const;

/** A task name of {@link GLUE_TEXT_COLUMNS}. */
export type GlueTextTask = keyof typeof GLUE_TEXT_COLUMNS;

/**
 * The texts of one GLUE split, parsed minimally (tab-separated, no quoting, BOM dropped): the GLUE
 * loader is another package, and the tokenizer must not depend on it.
 */
export function readGlueTexts(glueDir: string, task: GlueTextTask, split: 'train' | 'dev'): TextInput[] {
  const path = join(glueDir, task, `${split}.tsv`);
  const { header, columns } = GLUE_TEXT_COLUMNS[task];
  const lines = readFileSync(path, 'utf8')
    .replace(/^\uFEFF/, '')
    .split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.slice(header ? 1 : 0).map((line, index) => {
    const cells = line.split('\t');
    const texts = columns.map((column) => cells[column]);
    if (texts.some((text) => text === undefined)) throw new Error(`${path}:${index + (header ? 2 : 1)}: too few columns`);
    const [first = '', second] = texts as string[];
    return second === undefined ? first : ([first, second] as const);
  });
}
