import { describe, expect, it } from 'vitest';
import { MissingDependencyError, SearchError } from '../../errors.js';
import { loadPg, type ModuleImporter } from './load-pg.js';

const missing =
  (code: string): ModuleImporter =>
  () =>
    Promise.reject(Object.assign(new Error("Cannot find package 'pg' imported from postgres-storage.js"), { code }));

describe('loadPg', () => {
  it('loads the installed pg (a devDependency here)', async () => {
    expect(typeof (await loadPg()).Pool).toBe('function');
  });

  it('turns a pg that is not installed into MissingDependencyError saying how to add it, with the cause', async () => {
    for (const code of ['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND']) {
      const error = await loadPg(missing(code)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MissingDependencyError);
      expect(error).toBeInstanceOf(SearchError);
      expect(error).toMatchObject({ code: 'MISSING_DEPENDENCY', message: expect.stringContaining('pg is not installed: pnpm add pg') });
      expect((error as Error).cause).toMatchObject({ code });
    }
  });

  it('lets other import failures through unchanged', async () => {
    const broken = new SyntaxError('Unexpected token');
    await expect(loadPg(() => Promise.reject(broken))).rejects.toBe(broken);
  });
});
