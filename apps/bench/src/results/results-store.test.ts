import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ResultsFileError } from '../errors.js';
import { ResultsStore } from './results-store.js';
import type { CellResult } from './schemas.js';

const cell = (method: string, seed: number, status: CellResult['status'] = 'complete'): CellResult => ({
  method,
  seed,
  status,
  ...(status === 'failed' ? { error: 'loss became NaN at step 3' } : { pO: { headline: 0.5, metrics: { accuracy: 0.5 } } }),
  seconds: 1,
  finishedAt: '2026-01-01T00:00:00.000Z',
});

describe('ResultsStore', () => {
  it('records cells at once and resumes them from the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-results-'));
    const config = { task: 'mrpc', seeds: [0, 1] };
    const store = await ResultsStore.open({ dir, config, environment: { backend: 'wasm' } });
    await store.record(cell('flat', 0));
    await store.record(cell('llrd', 0, 'failed'));
    const again = await ResultsStore.open({ dir, config, environment: { backend: 'wasm' } });
    expect(again.completed('flat', 0)?.pO?.headline).toBe(0.5);
    expect(again.completed('llrd', 0)).toBeUndefined();
    await again.record(cell('llrd', 0));
    const text = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as { cells: CellResult[] };
    expect(text.cells.map((c) => `${c.method}:${c.status}`)).toEqual(['flat:complete', 'llrd:complete']);
  });

  it('refuses to resume a run with another configuration and names the way out', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-results-'));
    await ResultsStore.open({ dir, config: { epochs: 2 }, environment: {} });
    await expect(ResultsStore.open({ dir, config: { epochs: 3 }, environment: {} })).rejects.toThrow(/another --out/);
  });

  it('names the file and field of a damaged results.json', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-results-'));
    const store = await ResultsStore.open({ dir, config: {}, environment: {} });
    await writeFile(store.path, '{"format":"lrdist.bench.results","version":1,"cells":[]}');
    await expect(ResultsStore.open({ dir, config: {}, environment: {} })).rejects.toThrow(ResultsFileError);
    await expect(ResultsStore.open({ dir, config: {}, environment: {} })).rejects.toThrow(/results\.json: `config`/);
    await writeFile(store.path, '{"format":"lrdist.bench.results","version":7}');
    await expect(ResultsStore.open({ dir, config: {}, environment: {} })).rejects.toThrow(/version 7/);
    await writeFile(store.path, '{ torn');
    await expect(ResultsStore.open({ dir, config: {}, environment: {} })).rejects.toThrow(/not valid JSON/);
  });
});
