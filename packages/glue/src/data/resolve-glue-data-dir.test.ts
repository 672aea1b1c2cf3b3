import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GlueDataNotFoundError } from '../errors.js';
import { glueCacheDir, resolveGlueDataDir } from './resolve-glue-data-dir.js';

let base: string;
let cwd: string;
let home: string;

function makeTask(root: string, dir: string, files: readonly string[] = ['train.tsv', 'dev.tsv']): string {
  const taskDir = join(root, dir);
  mkdirSync(taskDir, { recursive: true });
  for (const file of files) writeFileSync(join(taskDir, file), '');
  return taskDir;
}

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'lrdist-glue-resolve-'));
  cwd = join(base, 'work', 'main');
  home = join(base, 'home');
  mkdirSync(cwd, { recursive: true });
  mkdirSync(home);
});

afterEach(() => rmSync(base, { recursive: true, force: true }));

describe('resolveGlueDataDir', () => {
  it('tries env, ./data/glue, ../shared/data/glue, then the cache, first found wins', () => {
    const explicit = join(base, 'explicit');
    const fromEnv = join(base, 'env');
    const roots = [fromEnv, join(cwd, 'data', 'glue'), join(base, 'work', 'shared', 'data', 'glue'), glueCacheDir({ homeDir: home })];
    for (const root of roots) makeTask(root, 'MRPC');
    makeTask(explicit, 'MRPC');
    expect(resolveGlueDataDir({ task: 'mrpc', dataDir: explicit, env: { LRDIST_DATA_DIR: fromEnv }, cwd, homeDir: home }).source).toBe(
      'option',
    );
    const expected = ['env', 'cwd', 'sibling', 'cache'];
    for (let i = 0; i < roots.length; i++) {
      const found = resolveGlueDataDir({
        task: 'mrpc',
        env: { LRDIST_DATA_DIR: fromEnv },
        cwd,
        homeDir: home,
      });
      expect(found).toEqual({
        ref: { task: 'mrpc', dev: 'dev' },
        root: roots[i],
        taskDir: join(roots[i] ?? '', 'MRPC'),
        source: expected[i],
      });
      rmSync(join(roots[i] ?? '', 'MRPC'), { recursive: true });
    }
  });

  it('accepts a data root holding glue/ for the option and the env variable, relative to cwd', () => {
    makeTask(join(cwd, 'datasets', 'glue'), 'RTE');
    const viaOption = resolveGlueDataDir({ task: 'rte', dataDir: 'datasets', env: {}, cwd, homeDir: home });
    expect(viaOption).toMatchObject({ source: 'option', root: join(cwd, 'datasets', 'glue') });
    const viaEnv = resolveGlueDataDir({
      task: 'rte',
      env: { LRDIST_DATA_DIR: 'datasets' },
      cwd,
      homeDir: home,
    });
    expect(viaEnv).toMatchObject({ source: 'env', taskDir: join(cwd, 'datasets', 'glue', 'RTE') });
  });

  it('counts a task directory only when it has the train file and the chosen dev file', () => {
    makeTask(join(cwd, 'data', 'glue'), 'MNLI', ['train.tsv', 'dev_matched.tsv']);
    makeTask(glueCacheDir({ homeDir: home }), 'MNLI', ['train.tsv', 'dev_matched.tsv', 'dev_mismatched.tsv']);
    expect(resolveGlueDataDir({ task: 'mnli', env: {}, cwd, homeDir: home }).source).toBe('cwd');
    expect(resolveGlueDataDir({ task: 'mnli-mm', env: {}, cwd, homeDir: home }).source).toBe('cache');
    makeTask(join(cwd, 'data', 'glue'), 'SST-2', ['train.tsv']);
    expect(() => resolveGlueDataDir({ task: 'sst2', env: {}, cwd, homeDir: home })).toThrow(GlueDataNotFoundError);
  });

  it('looks only in an explicit option, never falling back to other data', () => {
    makeTask(join(base, 'env'), 'RTE');
    makeTask(join(cwd, 'data', 'glue'), 'RTE');
    makeTask(join(base, 'partial'), 'RTE', ['train.tsv']);
    let error: unknown;
    try {
      resolveGlueDataDir({ task: 'rte', dataDir: join(base, 'partial'), env: { LRDIST_DATA_DIR: join(base, 'env') }, cwd, homeDir: home });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(GlueDataNotFoundError);
    expect((error as GlueDataNotFoundError).searched.map((s) => [s.source, s.path, s.reason])).toEqual([
      ['option', join(base, 'partial', 'RTE'), 'missing dev.tsv'],
      ['option', join(base, 'partial', 'glue', 'RTE'), 'no such directory'],
    ]);
  });

  it('lists every place it looked and how to fix it', () => {
    makeTask(join(cwd, 'data', 'glue'), 'CoLA', ['train.tsv']);
    let error: unknown;
    try {
      resolveGlueDataDir({
        task: 'cola',
        env: { LRDIST_DATA_DIR: join(base, 'env') },
        cwd,
        homeDir: home,
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(GlueDataNotFoundError);
    const notFound = error as GlueDataNotFoundError;
    expect(notFound.code).toBe('DATA_NOT_FOUND');
    expect(notFound.searched.map((s) => [s.source, s.path, s.reason])).toEqual([
      ['env', join(base, 'env', 'CoLA'), 'no such directory'],
      ['env', join(base, 'env', 'glue', 'CoLA'), 'no such directory'],
      ['cwd', join(cwd, 'data', 'glue', 'CoLA'), 'missing dev.tsv'],
      ['sibling', join(base, 'work', 'shared', 'data', 'glue', 'CoLA'), 'no such directory'],
      ['cache', join(home, '.cache', 'lrdist', 'glue', 'CoLA'), 'no such directory'],
    ]);
    for (const hint of ['--data-dir', 'LRDIST_DATA_DIR=', "downloadGlueTask({ task: 'cola' })", join(cwd, 'data', 'glue', 'CoLA')]) {
      expect(notFound.message).toContain(hint);
    }
  });

  it('puts the cache under the home directory', () => {
    expect(glueCacheDir({ homeDir: '/home/u' })).toBe('/home/u/.cache/lrdist/glue');
  });
});
