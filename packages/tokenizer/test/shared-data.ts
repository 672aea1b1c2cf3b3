// Finds the project's real data (GLUE TSVs, bert-base-uncased vocab) for integration tests and the
// benchmark. Never skips: a missing data directory is an error that lists where it looked.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TextInput } from '../src/index.js';

/** Where the real data lies. */
export interface SharedData {
  /** Folder holding CoLA/, MRPC/, RTE/, SST-2/. */
  readonly glueDir: string;
  /** Folder holding bert-base-uncased's vocab.txt, tokenizer.json, tokenizer_config.json. */
  readonly vocabDir: string;
}

const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * `$LRDIST_DATA_DIR` (the GLUE folder, as DESIGN.md has it, or the data root holding glue/ and vocab/),
 * else the first ancestor of this package that contains `shared/data`.
 */
export function findSharedData(): SharedData {
  const looked: string[] = [];
  const fromRoot = (root: string): SharedData | undefined => {
    const candidate = { glueDir: join(root, 'glue'), vocabDir: join(root, 'vocab', 'bert-base-uncased') };
    looked.push(candidate.glueDir);
    return existsSync(join(candidate.glueDir, 'MRPC')) && existsSync(join(candidate.vocabDir, 'vocab.txt')) ? candidate : undefined;
  };
  const env = process.env['LRDIST_DATA_DIR'];
  if (env !== undefined && env !== '') {
    const dir = resolve(env);
    const found =
      fromRoot(dir) ??
      (existsSync(join(dir, 'MRPC')) && existsSync(join(dir, '..', 'vocab', 'bert-base-uncased', 'vocab.txt'))
        ? { glueDir: dir, vocabDir: join(dir, '..', 'vocab', 'bert-base-uncased') }
        : undefined);
    looked.push(dir);
    if (found !== undefined) return found;
  }
  for (let dir = PACKAGE_DIR; ; dir = dirname(dir)) {
    const found = fromRoot(join(dir, 'shared', 'data'));
    if (found !== undefined) return found;
    if (dirname(dir) === dir) break;
  }
  throw new Error(
    `real data not found: looked for glue/MRPC and vocab/bert-base-uncased/vocab.txt under ${looked.join(', ')}. ` +
      'Set LRDIST_DATA_DIR to the GLUE folder (with vocab/ beside it) or to the data root.',
  );
}

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
  const lines = readFileSync(path, 'utf8').replace(/^\uFEFF/, '').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.slice(header ? 1 : 0).map((line, index) => {
    const cells = line.split('\t');
    const texts = columns.map((column) => cells[column]);
    if (texts.some((text) => text === undefined)) throw new Error(`${path}:${index + (header ? 2 : 1)}: too few columns`);
    const [first = '', second] = texts as string[];
    return second === undefined ? first : ([first, second] as const);
  });
}
