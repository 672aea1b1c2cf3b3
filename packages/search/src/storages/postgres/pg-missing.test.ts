import { describe, expect, it, vi } from 'vitest';
import type * as LoadPg from './load-pg.js';

// As if `pg` were not installed: any import of it fails (vitest reports a failing mock factory as its
// own error, so loadPg's default importer is swapped for one that fails as Node's resolver does).
vi.mock('pg', () => {
  throw new Error('pg must not be imported');
});
vi.mock('./load-pg.js', async (importOriginal) => {
  const original = await importOriginal<typeof LoadPg>();
  const notFound = Object.assign(new Error("Cannot find package 'pg'"), { code: 'ERR_MODULE_NOT_FOUND' });
  return { ...original, loadPg: () => original.loadPg(() => Promise.reject(notFound)) };
});

describe('without pg installed', () => {
  it('imports the package, and opening a postgres:// storage is a MissingDependencyError', async () => {
    const search = await import('../../index.js');
    expect(typeof search.createStudy).toBe('function');
    const memory = await search.openStorage('memory');
    await memory.close();
    const error = await search.openStorage('postgres://search@127.0.0.1:1/none').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(search.MissingDependencyError);
    expect((error as Error).message).toMatch(/^pg is not installed: pnpm add pg/);
  }, 30_000); // importing the whole package afresh takes seconds on a loaded machine
});
