// Inputs that cannot mislead (issue 16): a first run without data, an explicit --data-dir, broken
// data files, names that become paths, bad flags, signals through `pnpm bench`, and caches tied to
// the bytes of the data.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initBackend } from '@lrdist/model';
import { numericsOf } from '../src/runner/run-benchmark.js';
import { APP_DIR, glueDir, REPO_ROOT, runCli, TINY_CAPS } from './cli-harness.js';

/** A clean machine: no $LRDIST_DATA_DIR, a working directory with no data near it, an empty home (no cache), no network. */
async function cleanMachine(): Promise<{ cwd: string; env: Record<string, string> }> {
  const base = await mkdtemp(join(tmpdir(), 'bench-first-run-'));
  const cwd = join(base, 'repo');
  const home = join(base, 'home');
  await mkdir(cwd, { recursive: true });
  await mkdir(home, { recursive: true });
  // INIT_CWD is where pnpm was started: the CLI's working directory. Port 9 refuses at once.
  return { cwd, env: { INIT_CWD: cwd, HOME: home, LRDIST_DATA_DIR: '', LRDIST_GLUE_BASE_URL: 'http://127.0.0.1:9' } };
}

/** A GLUE folder holding copies of the shared MRPC and RTE files, `edit` applied to each file's text. */
async function glueCopy(edit: (task: string, file: string, text: string) => string = (_t, _f, text) => text): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-glue-'));
  for (const task of ['MRPC', 'RTE']) {
    await mkdir(join(dir, task));
    for (const file of ['train.tsv', 'dev.tsv']) {
      await writeFile(join(dir, task, file), edit(task, file, await readFile(join(glueDir(), task, file), 'utf8')));
    }
  }
  return dir;
}

const tiny = (dataDir: string, cache: string, out: string): string[] => [
  '--task',
  'rte',
  '--original',
  'mrpc',
  '--methods',
  'flat',
  '--seeds',
  '0',
  ...TINY_CAPS,
  '--jobs',
  '1',
  '--data-dir',
  dataDir,
  '--cache-dir',
  cache,
  '--out',
  out,
];

describe('first run', () => {
  it('without data anywhere: one line naming the task, the places and the two ways out, exit 2, within seconds, nothing written', async () => {
    const { cwd, env } = await cleanMachine();
    const started = Date.now();
    const run = await runCli(['--task', 'mrpc'], env);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(run.code, run.stderr).toBe(2);
    const lines = run.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^lrdist-bench run: no GLUE data for sst2: none in \$LRDIST_DATA_DIR, \.\/data\/glue, \.\.\/shared\/data\/glue or the cache ~\/\.cache\/lrdist\/glue, and the download failed \(.+\); connect to the network and rerun, or pass --data-dir <a folder holding SST-2\/>$/,
    );
    expect(await readdir(cwd)).toEqual([]);
  });
});

describe('an explicit --data-dir', () => {
  it('that does not exist fails at once, without a download', async () => {
    const { env } = await cleanMachine();
    const started = Date.now();
    const run = await runCli(['--task', 'mrpc', '--data-dir', '/nonexistent'], env);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^lrdist-bench run: --data-dir \/nonexistent holds no sst2 data \(\/nonexistent\/SST-2: no such directory; .*\); pass the folder that holds SST-2\/ /,
    );
    expect(run.stderr).not.toMatch(/download failed/);
  });

  it('that lacks a file is never overridden by $LRDIST_DATA_DIR', async () => {
    const partial = await glueCopy();
    execFileSync('rm', [join(partial, 'RTE', 'dev.tsv')]);
    const run = await runCli(['--task', 'rte', '--original', 'mrpc', '--data-dir', partial], { LRDIST_DATA_DIR: glueDir() });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toMatch(
      new RegExp(`^lrdist-bench run: --data-dir ${partial} holds no rte data \\(${partial}/RTE: missing dev\\.tsv; `),
    );
  });

  it('with a header-only train.tsv fails before any work, naming the file', async () => {
    const broken = await glueCopy((task, file, text) => (task === 'RTE' && file === 'train.tsv' ? `${text.split('\n')[0]}\n` : text));
    const out = join(broken, 'out');
    const run = await runCli(tiny(broken, join(broken, 'cache'), out));
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      `lrdist-bench run: ${join(broken, 'RTE', 'train.tsv')} holds no examples (a header at most); restore GLUE's RTE/train.tsv or pass --data-dir <a folder holding a complete RTE/>`,
    );
    expect(existsSync(out)).toBe(false);
  });
});

describe('the command line', () => {
  it('answers --version, -h and <command> -h with exit 0, the whole text on stdout', async () => {
    const pkg = JSON.parse(await readFile(join(APP_DIR, 'package.json'), 'utf8')) as { version: string };
    const version = await runCli(['--version']);
    expect([version.code, version.stdout]).toEqual([0, `lrdist-bench ${pkg.version}\n`]);
    const help = await runCli(['-h']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: pnpm bench \[command\]/);
    for (const command of ['run', 'search', 'worker', 'combine', 'tune', 'finetune', 'evaluate', 'sequence', 'pretrain']) {
      const run = await runCli([command, '-h']);
      expect(run.code, command).toBe(0);
      // Nothing cut: the help ends with the last flag's line (or the notes) and a newline.
      expect(run.stdout, command).toMatch(/-h, --help +show this help\n(\n[\s\S]+\n)?$/);
      // The commands whose cells can spread over machines say how, and the worker how to join them.
      if (['run', 'evaluate', 'sequence'].includes(command)) {
        expect(run.stdout, command).toMatch(
          /\n {2}--storage <s> +PostgreSQL holding the run's cells, .* \(default none: every cell runs here\)\n/,
        );
        expect(run.stdout, command).toMatch(/\n {2}--run-name <s> +the name workers join the run by; /);
        expect(run.stdout, command).toMatch(/\n {2}--heartbeat-timeout <n> +seconds without a holder's heartbeat .* \(default 60\)\n/);
      } else expect(run.stdout, command).not.toMatch(/\n {2}--run-name /);
      if (command === 'worker') expect(run.stdout).toMatch(/\n {2}--run <s> +join a distributed run instead /);
    }
  });

  it('refuses an argument that is not a flag, and an unknown flag listing the known ones', async () => {
    const stray = await runCli(['run', 'mrpc']);
    expect([stray.code, stray.stderr.trim()]).toEqual([
      2,
      'lrdist-bench run: unexpected argument `mrpc`; flags look like --name value (see --help)',
    ]);
    const unknown = await runCli(['combine', '--nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /^lrdist-bench combine: unknown flag --nope for `combine`; known flags: --studies, --storage, --out, --weight, --json, --help/,
    );
  });
});

describe('flags that cannot mislead', () => {
  it.each([
    [['--seeds', '0,0'], "--seeds must be a list without repeats (0 is given twice), got '0,0' (e.g. --seeds 0,1,2)"],
    [['--seeds', '1e20'], "--seeds must be an integer >= 0, got '1e20' (e.g. --seeds 0,1,2)"],
    [['--lr', '0'], "--lr must be a number > 0, got '0' (e.g. --lr 1e-4)"],
    [['--jobs', '100000'], /^--jobs must be an integer >= 1 and <= \d+, got '100000' \(e\.g\. --jobs 2\)$/],
  ])('%j: one line, exit 2', async (flags, message) => {
    const run = await runCli(['--task', 'mrpc', ...flags]);
    expect(run.code).toBe(2);
    const line = run.stderr.trim().replace(/^lrdist-bench run: /, '');
    if (typeof message === 'string') expect(line).toBe(message);
    else expect(line).toMatch(message);
  });

  it.each([['../x'], ['<script>alert(1)</script>'], ['a/b'], ['..']])(
    'search --study %s is refused before anything is written',
    async (study) => {
      const dir = await mkdtemp(join(tmpdir(), 'bench-study-'));
      const run = await runCli([
        'search',
        '--task',
        'mrpc',
        '--study',
        study,
        '--storage',
        `journal:${join(dir, 'j.jsonl')}`,
        '--out',
        join(dir, 'out'),
      ]);
      expect(run.code).toBe(2);
      expect(run.stderr.trim()).toBe(
        `lrdist-bench search: --study must be a name of letters, digits, '_', '.' and '-' that starts with a letter, digit or '_' (at most 100; it becomes a file name), got '${study}' (e.g. --study sst2-mrpc-mini)`,
      );
      expect(await readdir(dir)).toEqual([]);
    },
  );
});

describe('pnpm bench and signals', () => {
  it('passes SIGTERM on to the CLI, ends the same way, and leaves no orphan', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-signal-'));
    const wrapper = spawn(
      process.execPath,
      [join(REPO_ROOT, 'scripts', 'bench.mjs'), ...tiny(glueDir(), join(dir, 'cache'), join(dir, 'out'))],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    wrapper.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      wrapper.on('close', (code, signal) => resolve({ code, signal })),
    );
    // The CLI is the wrapper's child once the build step is done (it runs dist/bin.js).
    const cliPid = async (): Promise<number> => {
      for (const deadline = Date.now() + 240_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
        let listing = '';
        try {
          listing = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(wrapper.pid)], { encoding: 'utf8' });
        } catch {
          // ps exits 1 when the wrapper has no children yet.
        }
        const line = listing.split('\n').find((l) => l.includes(join('dist', 'bin.js')));
        if (line !== undefined) return Number(line.trim().split(/\s+/)[0]);
      }
      throw new Error(`the CLI never started: ${stderr}`);
    };
    const pid = await cliPid();
    wrapper.kill('SIGTERM');
    const ended = await closed;
    expect(ended.signal, stderr).toBe('SIGTERM');
    const alive = (): boolean => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 50 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
    expect(alive()).toBe(false);
  });
});

describe('caches tied to the data', () => {
  it('retrains phase A when the labels of task A change, and reuses it (saying so) when they do not', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-fingerprint-'));
    const cache = join(dir, 'cache');
    const original = await glueCopy();
    // MRPC's label is its first column: 0 <-> 1 on every row below the header.
    const flipped = await glueCopy((task, file, text) =>
      task === 'MRPC' && file === 'train.tsv'
        ? text
            .split('\n')
            .map((line, i) => (i === 0 || line === '' ? line : `${line.startsWith('1') ? '0' : '1'}${line.slice(1)}`))
            .join('\n')
        : text,
    );
    const first = await runCli(tiny(original, cache, join(dir, 'out-1')));
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/phase A mrpc seed 0: p_a /);
    const again = await runCli(tiny(original, cache, join(dir, 'out-2')));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(`phase A mrpc seed 0: reused from ${join(cache, 'phase-a')}`);
    const changed = await runCli(tiny(flipped, cache, join(dir, 'out-3')));
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.stderr).not.toContain('reused from');
    expect(changed.stderr).toMatch(/phase A mrpc seed 0: p_a /);
    expect(await readdir(join(cache, 'phase-a'))).toHaveLength(2);
    // results.json is keyed by the same bytes: resuming out-1 with the flipped data is refused.
    const resumed = await runCli(tiny(flipped, cache, join(dir, 'out-1')));
    expect(resumed.code).toBe(1);
    expect(resumed.stderr).toMatch(/holds a run with another configuration/);
  });

  it("keys finetune's phase A by the workers' arithmetic, as run and search key theirs", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-numerics-'));
    const cache = join(dir, 'cache');
    const run = await runCli([
      'finetune',
      '--tasks',
      'rte,mrpc',
      '--seeds',
      '0',
      '--model',
      'mini-random',
      '--max-train',
      '32',
      '--max-eval',
      '32',
      '--epochs',
      '1',
      '--batch-size',
      '16',
      '--jobs',
      '1',
      '--data-dir',
      glueDir(),
      '--cache-dir',
      cache,
      '--out',
      join(dir, 'out'),
    ]);
    expect(run.code, run.stderr).toBe(0);
    const backend = await initBackend();
    const expected = numericsOf(backend);
    const keys = await Promise.all(
      (await readdir(join(cache, 'phase-a'))).map(
        async (d) => (JSON.parse(await readFile(join(cache, 'phase-a', d, 'phase-a.json'), 'utf8')) as { key: { numerics?: string } }).key,
      ),
    );
    expect(keys).toHaveLength(2);
    for (const key of keys) expect(key.numerics).toBe(expected);
  });
});
