import { existsSync } from 'node:fs';
import { InvalidOptionsError } from '../errors.js';
import { createJournalStorage, type JournalWarning } from './journal/journal-storage.js';
import { createMemoryStorage } from './memory.js';
import { createPostgresStorage } from './postgres/postgres-storage.js';
import type { Storage } from './storage.js';

/** Options of {@link openStorage}. */
export interface OpenStorageOptions {
  /** PostgreSQL schema holding the tables. Default `public`. */
  schema?: string;
  /** Journal torn-tail warnings. Default: none. */
  onWarning?: (warning: JournalWarning) => void;
  /**
   * Create a journal file that does not exist. Default true; readers pass false, so that a mistyped
   * path is an InvalidOptionsError instead of a new empty journal.
   */
  createIfMissing?: boolean;
}

/** The storage URL forms {@link openStorage} accepts, for messages. */
export const STORAGE_URL_FORMS = 'journal:PATH (or a path ending in .jsonl), postgres://USER@HOST:PORT/DB, or memory';

/**
 * Opens a storage from a URL, as workers and the CLI name it: `journal:runs/study.jsonl` (or a bare
 * `*.jsonl` path), `postgres://...` / `postgresql://...`, or `memory`.
 */
export async function openStorage(url: string, options: OpenStorageOptions = {}): Promise<Storage> {
  if (url === 'memory' || url === ':memory:') return createMemoryStorage();
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    return createPostgresStorage({ connectionString: url, ...(options.schema === undefined ? {} : { schema: options.schema }) });
  }
  const path = url.startsWith('journal:') ? url.slice('journal:'.length) : url.endsWith('.jsonl') ? url : null;
  if (path === null || path.length === 0) {
    throw new InvalidOptionsError(`\`storage\` must be ${STORAGE_URL_FORMS}, got ${JSON.stringify(url)}`);
  }
  if (options.createIfMissing === false && !existsSync(path)) {
    throw new InvalidOptionsError(`\`storage\` names a journal file that does not exist: ${path}; check the path`);
  }
  return createJournalStorage({ path, ...(options.onWarning === undefined ? {} : { onWarning: options.onWarning }) });
}
