import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hashConfig, writeFileAtomic } from '@lrdist/model';
import { ResultsFileError } from '../errors.js';
import type { CellResult, ResultsFile } from './schemas.js';
import { RESULTS_FORMAT, RESULTS_VERSION, resultsFileSchema } from './schemas.js';

/** Key of a cell within a run. */
export function cellKey(method: string, seed: number): string {
  return `${method}/seed${seed}`;
}

/**
 * `results.json` of one run: read on start (to resume), rewritten atomically after every finished
 * cell so that a kill at any moment leaves either the previous or the new complete file.
 */
export class ResultsStore {
  readonly path: string;
  #file: ResultsFile;
  #writes: Promise<void> = Promise.resolve();
  readonly #now: () => Date;

  private constructor(path: string, file: ResultsFile, now: () => Date) {
    this.path = path;
    this.#file = file;
    this.#now = now;
  }

  /**
   * Opens `<dir>/results.json`, creating it for `config` if absent. An existing file for another
   * config is an error (resuming it would mix figures of two set-ups).
   */
  static async open(options: {
    dir: string;
    config: Record<string, unknown>;
    environment: Record<string, string>;
    now?: () => Date;
  }): Promise<ResultsStore> {
    const now = options.now ?? (() => new Date());
    const path = join(options.dir, 'results.json');
    const configHash = hashConfig(options.config);
    let text: string | null = null;
    try {
      text = await readFile(path, 'utf8');
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new ResultsFileError(`cannot read ${path}: ${(cause as Error).message}`, { cause });
      }
    }
    if (text !== null) {
      const file = parseResults(text, path);
      if (file.configHash !== configHash) {
        throw new ResultsFileError(
          `${path} holds a run with another configuration (hash ${file.configHash}, this one ${configHash}); ` +
            'use another --out, or delete that folder to start over',
        );
      }
      return new ResultsStore(path, { ...file, environment: options.environment }, now);
    }
    const stamp = now().toISOString();
    const file: ResultsFile = {
      format: RESULTS_FORMAT,
      version: RESULTS_VERSION,
      config: options.config,
      configHash,
      createdAt: stamp,
      updatedAt: stamp,
      environment: options.environment,
      cells: [],
    };
    const store = new ResultsStore(path, file, now);
    await store.#write();
    return store;
  }

  /** Every recorded cell. */
  get cells(): readonly CellResult[] {
    return this.#file.cells;
  }

  /** The file's content. */
  get file(): ResultsFile {
    return this.#file;
  }

  /** The complete cell for (method, seed), if measured. Failed cells are retried on resume. */
  completed(method: string, seed: number): CellResult | undefined {
    return this.#file.cells.find((c) => c.method === method && c.seed === seed && c.status === 'complete');
  }

  /** Records a finished cell (replacing an earlier failed attempt) and writes the file at once. */
  async record(cell: CellResult): Promise<void> {
    const key = cellKey(cell.method, cell.seed);
    this.#file = {
      ...this.#file,
      updatedAt: this.#now().toISOString(),
      cells: [...this.#file.cells.filter((c) => cellKey(c.method, c.seed) !== key), cell],
    };
    await this.#write();
  }

  #write(): Promise<void> {
    // Serialise writes: two cells finishing together must not interleave temp files.
    const snapshot = JSON.stringify(this.#file, null, 2) + '\n';
    this.#writes = this.#writes.then(() => writeFileAtomic(this.path, snapshot, { sync: true }));
    return this.#writes;
  }
}

/** Parses a results file, with errors that name the file and the field. */
export function parseResults(text: string, path: string): ResultsFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ResultsFileError(`${path} is not valid JSON (${(cause as Error).message}); delete it to start over`, {
      cause,
    });
  }
  const format = (json as { format?: unknown; version?: unknown } | null) ?? {};
  if (format.format === RESULTS_FORMAT && format.version !== RESULTS_VERSION) {
    throw new ResultsFileError(
      `${path} has results format version ${String(format.version)}; this lrdist reads version ${RESULTS_VERSION}`,
    );
  }
  const parsed = resultsFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue === undefined ? '' : issue.path.join('.');
    throw new ResultsFileError(`${path}: \`${field}\` ${issue?.message ?? 'is invalid'}`, { cause: parsed.error });
  }
  return parsed.data;
}
