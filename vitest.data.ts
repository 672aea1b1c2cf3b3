// The project's real data (GLUE TSVs, bert-base-uncased's vocabulary) for integration tests and
// benchmarks, found one way everywhere. Never skips: CI must run those tests, so a missing folder is
// an error naming where it looked and the fix.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the real data lies. */
export interface SharedData {
  /** The data root, holding glue/ and vocab/. */
  readonly dataDir: string;
  /** The GLUE folder, holding CoLA/, MRPC/, RTE/, SST-2/. */
  readonly glueDir: string;
  /** bert-base-uncased's vocab.txt, tokenizer.json and tokenizer_config.json. */
  readonly vocabDir: string;
}

const REPO_ROOT = dirname(fileURLToPath(import.meta.url));

const at = (dataDir: string): SharedData => ({
  dataDir,
  glueDir: join(dataDir, 'glue'),
  vocabDir: join(dataDir, 'vocab', 'bert-base-uncased'),
});
const holdsData = (d: SharedData): boolean => existsSync(join(d.glueDir, 'MRPC')) && existsSync(join(d.vocabDir, 'vocab.txt'));

/**
 * `$LRDIST_DATA_DIR` (the data root, or its glue/ folder as DESIGN.md has it), else `shared/data` in
 * the first ancestor of the repository that has one.
 */
export function findSharedData(env: Readonly<Record<string, string | undefined>> = process.env): SharedData {
  const looked: string[] = [];
  const fromEnv = env['LRDIST_DATA_DIR'];
  if (fromEnv !== undefined && fromEnv !== '') {
    for (const candidate of [at(resolve(fromEnv)), at(resolve(fromEnv, '..'))]) {
      looked.push(candidate.dataDir);
      if (holdsData(candidate)) return candidate;
    }
    throw new Error(
      `LRDIST_DATA_DIR=${fromEnv} holds no glue/MRPC with vocab/bert-base-uncased/vocab.txt beside it; point it at the data root`,
    );
  }
  for (let dir = REPO_ROOT; ; dir = dirname(dir)) {
    const candidate = at(join(dir, 'shared', 'data'));
    looked.push(candidate.dataDir);
    if (holdsData(candidate)) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new Error(
    `the integration tests need the real data (glue/MRPC and vocab/bert-base-uncased/vocab.txt), and none was found ` +
      `(looked in ${looked.slice(0, 2).join(', ')} and above): set LRDIST_DATA_DIR to the data root`,
  );
}
