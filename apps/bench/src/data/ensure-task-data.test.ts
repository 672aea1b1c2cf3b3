import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BenchDataError, exitCodeOf, TaskDataError } from '../errors.js';
import { ensureTaskData } from './ensure-task-data.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ensure-data-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const RTE_HEADER = 'index\tsentence1\tsentence2\tlabel\n';
const RTE_ROWS = '0\ta\tb\tentailment\n1\tc\td\tnot_entailment\n';

async function writeRte(root: string, trainRows: string): Promise<void> {
  await mkdir(join(root, 'RTE'), { recursive: true });
  await writeFile(join(root, 'RTE', 'train.tsv'), RTE_HEADER + trainRows);
  await writeFile(join(root, 'RTE', 'dev.tsv'), RTE_HEADER + RTE_ROWS);
}

const offline = { retries: 0, fetch: () => Promise.reject(new TypeError('fetch failed: getaddrinfo ENOTFOUND dl.fbaipublicfiles.com')) };

describe('ensureTaskData', () => {
  it('stops before any work, in one line naming the task, the places and the two ways out, when there is no data and no network', async () => {
    const cwd = join(dir, 'fresh', 'clone');
    await mkdir(cwd, { recursive: true });
    const started = Date.now();
    const error = await ensureTaskData(['sst2', 'mrpc'], { cwd, env: {}, homeDir: join(dir, 'home'), download: offline }).catch(
      (e: unknown) => e,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error).toBeInstanceOf(BenchDataError);
    expect(exitCodeOf(error)).toBe(2);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toMatch(
      /^no GLUE data for sst2: none in \$LRDIST_DATA_DIR, \.\/data\/glue, \.\.\/shared\/data\/glue or the cache ~\/\.cache\/lrdist\/glue, and the download failed \(.+\); connect to the network and rerun, or pass --data-dir <a folder holding SST-2\/>$/,
    );
  });

  it('finds a task in --data-dir without touching the network', async () => {
    const glue = join(dir, 'glue');
    await mkdir(join(glue, 'RTE'), { recursive: true });
    await writeFile(join(glue, 'RTE', 'train.tsv'), 'index\tsentence1\tsentence2\tlabel\n0\ta\tb\tentailment\n');
    await writeFile(join(glue, 'RTE', 'dev.tsv'), 'index\tsentence1\tsentence2\tlabel\n0\ta\tb\tentailment\n');
    const found = await ensureTaskData(['rte'], { cwd: dir, dataDir: glue, env: {}, homeDir: join(dir, 'home'), download: offline });
    expect(found['rte']?.root).toBe(glue);
    expect(found['rte']?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('never looks past an explicit --data-dir, nor downloads around it', async () => {
    const elsewhere = join(dir, 'elsewhere');
    await writeRte(elsewhere, RTE_ROWS);
    let fetched = 0;
    const counting = { retries: 3, fetch: () => ((fetched += 1), Promise.reject(new TypeError('fetch failed'))) };
    const error = await ensureTaskData(['rte'], {
      cwd: dir,
      dataDir: join(dir, 'nonexistent'),
      env: { LRDIST_DATA_DIR: elsewhere },
      homeDir: join(dir, 'home'),
      download: counting,
    }).catch((e: unknown) => e);
    expect(fetched).toBe(0);
    expect(error).toBeInstanceOf(TaskDataError);
    expect((error as Error).message).toMatch(
      /^--data-dir \S+nonexistent holds no rte data \(.*RTE: no such directory.*\); pass the folder that holds RTE\/ \(an explicit --data-dir is the only place looked in\)/,
    );
  });

  it('refuses an empty or header-only train or dev file, naming it', async () => {
    const headerOnly = join(dir, 'header-only');
    await writeRte(headerOnly, '');
    const error = await ensureTaskData(['rte'], {
      cwd: dir,
      dataDir: headerOnly,
      env: {},
      homeDir: join(dir, 'home'),
      download: offline,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskDataError);
    expect((error as Error).message).toBe(
      `${join(headerOnly, 'RTE', 'train.tsv')} holds no examples (a header at most); restore GLUE's RTE/train.tsv or pass --data-dir <a folder holding a complete RTE/>`,
    );
    const empty = join(dir, 'empty-dev');
    await writeRte(empty, RTE_ROWS);
    await writeFile(join(empty, 'RTE', 'dev.tsv'), '');
    const devError = await ensureTaskData(['rte'], {
      cwd: dir,
      dataDir: empty,
      env: {},
      homeDir: join(dir, 'home'),
      download: offline,
    }).catch((e: unknown) => e);
    expect((devError as Error).message).toMatch(/RTE\/dev\.tsv/);
    expect(exitCodeOf(devError)).toBe(2);
  });

  it('fingerprints the bytes: flipped labels give another sha256', async () => {
    const a = join(dir, 'fp-a');
    const b = join(dir, 'fp-b');
    await writeRte(a, RTE_ROWS);
    await writeRte(
      b,
      RTE_ROWS.replaceAll('\tentailment', '\tFLIP').replaceAll('\tnot_entailment', '\tentailment').replaceAll('\tFLIP', '\tnot_entailment'),
    );
    const opts = { cwd: dir, env: {}, homeDir: join(dir, 'home'), download: offline };
    const [fa, fa2, fb] = [
      await ensureTaskData(['rte'], { ...opts, dataDir: a }),
      await ensureTaskData(['rte'], { ...opts, dataDir: a }),
      await ensureTaskData(['rte'], { ...opts, dataDir: b }),
    ];
    expect(fa['rte']!.sha256).toBe(fa2['rte']!.sha256);
    expect(fb['rte']!.sha256).not.toBe(fa['rte']!.sha256);
  });
});
