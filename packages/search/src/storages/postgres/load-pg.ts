/**
 * Loads `pg`, an optional peer dependency: only PostgreSQL storages need it, so the package imports
 * without it and a missing `pg` surfaces when such a storage is opened, saying how to add it.
 */
import type * as Pg from 'pg';
import { MissingDependencyError } from '../../errors.js';

/** The `pg` module's shape as this package uses it. */
export type PgModule = typeof Pg;

/** How a module is imported; the default is Node's dynamic `import()`. */
export type ModuleImporter = (specifier: 'pg') => Promise<PgModule>;

const nodeImport: ModuleImporter = (specifier) => import(specifier) as Promise<PgModule>;

/** Node's codes for a module that cannot be found (ESM and CommonJS resolution). */
const NOT_FOUND_CODES = new Set(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND']);

/** Imports `pg`; a `pg` that is not installed is a MissingDependencyError (other failures pass through). */
export async function loadPg(importModule: ModuleImporter = nodeImport): Promise<PgModule> {
  try {
    return await importModule('pg');
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && NOT_FOUND_CODES.has(code)) {
      throw new MissingDependencyError('pg is not installed: pnpm add pg (PostgreSQL storages need it)', { cause: error });
    }
    throw error;
  }
}
