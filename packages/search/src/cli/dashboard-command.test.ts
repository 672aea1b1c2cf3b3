import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOURNAL_FIXTURE } from '../../test/fixtures/make-journal-fixture.js';
import { runCli } from './run-cli.js';

let dir: string;
let journal: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lrdist-dashboard-cmd-'));
  journal = join(dir, 'study.jsonl');
  await copyFile(JOURNAL_FIXTURE, journal);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('lrdist-search dashboard (in process)', () => {
  it('serves until its signal aborts, then closes and exits 0', async () => {
    let out = '';
    let err = '';
    const stop = new AbortController();
    const exit = runCli(['dashboard', '--storage', `journal:${journal}`, '--port', '0', '--study', 'a b/c'], {
      stdout: (t) => void (out += t),
      stderr: (t) => void (err += t),
      env: {},
      signal: stop.signal,
    });
    while (!out.includes('\n')) await new Promise((resolve) => setTimeout(resolve, 10));
    const url = /^lrdist-search dashboard: (http:\/\/127\.0\.0\.1:\d+\/)#a%20b%2Fc \(journal:.*; Ctrl-C stops it\)\n$/.exec(out)?.[1];
    expect(url, out).toBeDefined();
    expect((await fetch(`${url}api/studies/single`)).status).toBe(200);
    stop.abort();
    expect(await exit).toBe(0);
    expect(out).toMatch(/stopped\n$/);
    expect(err).toBe('');
    await expect(fetch(`${url}api/studies`)).rejects.toThrow();
  });

  it('usage errors exit 2 with one line naming the flag', async () => {
    const cases: [string[], RegExp][] = [
      [['dashboard', '--storage', journal, '--port=-1'], /^lrdist-search: `--port` must be /],
      [['dashboard', '--storage', journal, '--port', '65536'], /^lrdist-search: `--port` must be /],
      [['dashboard', '--storage', journal, '--host', ''], /^lrdist-search: `--host` must /],
      [
        ['dashboard', '--storage', journal, '--port', '0', '--host', '203.0.113.7'],
        /^lrdist-search: `--host` must be an address of this machine, got "203\.0\.113\.7"/,
      ],
      [
        ['best', '--storage', journal, '--study', 'single', '--host', '::1'],
        /^lrdist-search: `--host` only applies to `dashboard`, got it with `best`/,
      ],
    ];
    for (const [argv, message] of cases) {
      let out = '';
      let err = '';
      const code = await runCli(argv, { stdout: (t) => void (out += t), stderr: (t) => void (err += t), env: {} });
      expect(code, argv.join(' ')).toBe(2);
      expect(err, argv.join(' ')).toMatch(message);
      expect(err.trimEnd().split('\n'), argv.join(' ')).toHaveLength(1);
      expect(out).toBe('');
    }
  });
});
