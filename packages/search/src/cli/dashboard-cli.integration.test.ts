import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOURNAL_FIXTURE } from '../../test/fixtures/make-journal-fixture.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '../..');

interface Running {
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

/** `lrdist-search ARGS` as its own process (`node --import tsx src/cli.ts`, what dist/cli.js is built from). */
function start(args: string[]): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', join(packageDir, 'src/cli.ts'), ...args], {
    cwd: packageDir,
    env: { ...process.env, LRDIST_SEARCH_STORAGE: '' },
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { stdout: () => out, stderr: () => err, exited, kill: (signal) => child.kill(signal) };
}

async function urlOf(run: Running): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const url = /http:\/\/\S+\//.exec(run.stdout())?.[0];
    if (url !== undefined) return url;
    if (Date.now() > deadline) throw new Error(`no URL printed; stderr: ${run.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

let dir: string;
let journal: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lrdist-dashboard-cli-'));
  journal = join(dir, 'study.jsonl');
  await copyFile(JOURNAL_FIXTURE, journal);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('lrdist-search dashboard (spawned process)', () => {
  it('prints the URL, serves the studies and stops cleanly on Ctrl-C (SIGINT)', async () => {
    const run = start(['dashboard', '--storage', `journal:${journal}`, '--port', '0', '--study', 'multi']);
    const url = await urlOf(run);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(run.stdout()).toBe(`lrdist-search dashboard: ${url}#multi (journal:${journal}; Ctrl-C stops it)\n`);
    const list = (await (await fetch(`${url}api/studies`)).json()) as { studies: { name: string }[] };
    expect(list.studies.map((s) => s.name)).toEqual(['single', 'multi']);
    expect((await fetch(`${url}api/studies`, { method: 'POST' })).status).toBe(405);
    run.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toMatch(/lrdist-search dashboard: stopped\n$/);
    expect(run.stderr()).toBe('');
  });

  it('warns on one line when bound to an address other machines can reach', async () => {
    const run = start(['dashboard', '--storage', journal, '--port', '0', '--host', '0.0.0.0']);
    await urlOf(run);
    run.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.stderr()).toMatch(
      /^lrdist-search: warning: the dashboard listens on 0\.0\.0\.0, reachable from other machines, without authentication[^\n]*\n$/,
    );
  });

  it('a bad storage URL, a missing journal or a bad flag is one line on stderr and a non-zero exit', async () => {
    const cases: [string[], number, RegExp][] = [
      [
        ['dashboard', '--storage', join(dir, 'missing.jsonl')],
        2,
        /^lrdist-search: `--storage` names a journal file that does not exist: .*missing\.jsonl; check the path\n$/,
      ],
      [['dashboard', '--storage', 'ftp://x'], 2, /^lrdist-search: `--storage` must be journal:PATH[^\n]*\n$/],
      [['dashboard', '--storage', 'postgres://nobody@127.0.0.1:1/none'], 1, /^lrdist-search: PostgreSQL [^\n]*ECONNREFUSED[^\n]*\n$/],
      [['dashboard', '--storage', journal, '--port', 'http'], 2, /^lrdist-search: `--port` must [^\n]*\n$/],
      [['dashboard'], 2, /^lrdist-search: `--storage` is required[^\n]*\n$/],
      [
        ['studies', '--storage', journal, '--port', '1'],
        2,
        /^lrdist-search: `--port` only applies to `dashboard`, got it with `studies`\n$/,
      ],
    ];
    const results = await Promise.all(
      cases.map(async ([args]) => {
        const run = start(args);
        return { code: await run.exited, out: run.stdout(), err: run.stderr() };
      }),
    );
    results.forEach((r, i) => {
      const [args, code, message] = cases[i] as [string[], number, RegExp];
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.err, args.join(' ')).toMatch(message);
      expect(r.out).toBe('');
    });
  });

  it('a busy port is one line and exit code 2', async () => {
    const first = start(['dashboard', '--storage', journal, '--port', '0']);
    const port = new URL(await urlOf(first)).port;
    const second = start(['dashboard', '--storage', journal, '--port', port]);
    expect(await second.exited).toBe(2);
    expect(second.stderr()).toBe(`lrdist-search: \`--port\` ${port} is in use on 127.0.0.1: pass another port, or 0 for any free one\n`);
    first.kill('SIGINT');
    expect(await first.exited).toBe(0);
  });
});
