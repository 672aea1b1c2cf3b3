import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BenchDataError } from '../errors.js';
import { ensureTaskData } from './ensure-task-data.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ensure-data-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const offline = { retries: 0, fetch: () => Promise.reject(new TypeError('fetch failed: getaddrinfo ENOTFOUND dl.fbaipublicfiles.com')) };

describe('ensureTaskData', () => {
  it('stops before any work, in one line naming the task, the places and the two ways out, when there is no data and no network', async () => {
    const cwd = join(dir, 'fresh', 'clone');
    await mkdir(cwd, { recursive: true });
    const started = Date.now();
    const error = await ensureTaskData(['sst2', 'mrpc'], { cwd, env: {}, homeDir: join(dir, 'home'), download: offline }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error).toBeInstanceOf(BenchDataError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toMatch(
      /^no GLUE data for sst2: none in \$LRDIST_DATA_DIR, \.\/data\/glue, \.\.\/shared\/data\/glue or ~\/\.cache\/lrdist\/glue, and the download failed \(.+\); connect to the network and rerun, or pass --data-dir <a folder holding the GLUE task folders>$/,
    );
  });

  it('finds a task in --data-dir without touching the network', async () => {
    const glue = join(dir, 'glue');
    await mkdir(join(glue, 'RTE'), { recursive: true });
    await writeFile(join(glue, 'RTE', 'train.tsv'), 'index\tsentence1\tsentence2\tlabel\n0\ta\tb\tentailment\n');
    await writeFile(join(glue, 'RTE', 'dev.tsv'), 'index\tsentence1\tsentence2\tlabel\n0\ta\tb\tentailment\n');
    await expect(ensureTaskData(['rte'], { cwd: dir, dataDir: glue, env: {}, homeDir: join(dir, 'home'), download: offline })).resolves.toBeUndefined();
  });
});
