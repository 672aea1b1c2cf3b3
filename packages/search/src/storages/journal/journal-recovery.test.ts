import { spawnSync } from 'node:child_process';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJournalStorage, type JournalWarning } from './journal-storage.js';

let dir: string;
let n = 0;
const fresh = (): string => join(dir, `j${n++}.jsonl`);
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lrdist-journal-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function journalWithTrials(path: string, count: number): Promise<void> {
  const s = await createJournalStorage({ path });
  await s.createStudy({ studyName: 's', directions: ['minimize'], now: 1 });
  for (let i = 0; i < count; i++) {
    const t = await s.startTrial('s', { workerId: 'w', heartbeat: false, now: 2 });
    await s.updateTrial('s', t.number, { finish: { state: 'complete', values: [i], failReason: null, now: 3 } });
  }
  await s.close();
}

describe('journal torn tail', () => {
  it('reports a torn last line once, skips it, and cuts it off before the next append', async () => {
    const path = fresh();
    await journalWithTrials(path, 2);
    const intact = await readFile(path, 'utf8');
    await appendFile(path, '{"v":1,"op":"createTrial","study":"s","num');
    const seen: JournalWarning[] = [];
    const s = await createJournalStorage({ path, onWarning: (w) => seen.push(w) });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ kind: 'torn-tail', line: 6, bytes: 42 });
    expect(seen[0]?.message).toMatch(/j\d+\.jsonl:6: torn last line \(42 bytes without a newline/);
    expect(s.warnings).toEqual(seen);
    expect((await s.getTrials('s')).map((t) => t.state)).toEqual(['complete', 'complete']);
    const t = await s.startTrial('s', { workerId: 'w', heartbeat: false, now: 4 });
    expect(t.number).toBe(2);
    expect(seen).toHaveLength(1);
    await s.close();
    const text = await readFile(path, 'utf8');
    expect(text.startsWith(intact)).toBe(true);
    expect(text.endsWith('\n')).toBe(true);
    const again = await createJournalStorage({ path });
    expect(again.warnings).toEqual([]);
    expect((await again.getTrials('s')).length).toBe(3);
    await again.close();
  });
});

describe('journal corruption', () => {
  it('a bad line in the middle is a JournalCorruptError naming file:line and the field', async () => {
    const path = fresh();
    await journalWithTrials(path, 1);
    const lines = (await readFile(path, 'utf8')).split('\n');
    lines[1] = lines[1]?.replace('"number":0', '"number":-1') ?? '';
    await writeFile(path, lines.join('\n'));
    await expect(createJournalStorage({ path })).rejects.toMatchObject({ code: 'JOURNAL_CORRUPT' });
    await expect(createJournalStorage({ path })).rejects.toThrow(/j\d+\.jsonl:2: `line.number` must be >= 0, got -1/);
  });

  it('names non-JSON lines, unknown versions and operations that cannot be replayed', async () => {
    const cases: [string, RegExp][] = [
      ['not json\n', /:2: the line must be JSON, got "not json"/],
      ['{"v":2,"op":"deleteStudy","study":"s"}\n', /:2: `line.v` must be one of 1, got 2/],
      [
        '{"v":1,"op":"finishTrial","study":"s","number":5,"state":"failed","values":null,"failReason":"x","at":1}\n',
        /:2: the operation cannot be replayed: study 's' has no trial 5/,
      ],
    ];
    for (const [line, message] of cases) {
      const path = fresh();
      await writeFile(
        path,
        `{"v":1,"op":"createStudy","study":"s","directions":["minimize"],"userAttrs":{},"systemAttrs":{},"at":1}\n${line}`,
      );
      await expect(createJournalStorage({ path })).rejects.toThrow(message);
    }
  });
});

describe('journal across handles', () => {
  it('a second handle replays only the new tail and sees the other handle’s writes', async () => {
    const path = fresh();
    const a = await createJournalStorage({ path });
    const b = await createJournalStorage({ path });
    await a.createStudy({ studyName: 's', directions: ['minimize'], now: 1 });
    expect((await b.getStudy('s')).studyName).toBe('s');
    const ta = await a.startTrial('s', { workerId: 'a', heartbeat: false, now: 2 });
    const tb = await b.startTrial('s', { workerId: 'b', heartbeat: false, now: 3 });
    expect([ta.number, tb.number]).toEqual([0, 1]);
    await b.updateTrial('s', ta.number, { finish: { state: 'complete', values: [1], failReason: null, now: 4 } });
    await expect(
      a.updateTrial('s', ta.number, { finish: { state: 'complete', values: [2], failReason: null, now: 5 } }),
    ).rejects.toMatchObject({
      code: 'TRIAL_FINISHED',
    });
    expect((await a.getTrial('s', 0)).values).toEqual([1]);
    await a.close();
    await b.close();
  });
});

describe('journal lock', () => {
  it('takes over a lock left by a dead process', async () => {
    const path = fresh();
    await journalWithTrials(path, 1);
    const child = spawnSync(process.execPath, ['-e', '0']);
    expect(child.status).toBe(0);
    await writeFile(`${path}.lock`, JSON.stringify({ pid: child.pid, host: hostname(), token: 'dead', at: Date.now() }));
    const s = await createJournalStorage({ path, lockTimeoutMs: 2_000 });
    expect((await s.startTrial('s', { workerId: 'w', heartbeat: false, now: 1 })).number).toBe(1);
    await s.close();
  });

  it('waits for a live owner and gives up after lockTimeoutMs with a StorageError naming the owner', async () => {
    const path = fresh();
    await journalWithTrials(path, 0);
    await writeFile(`${path}.lock`, JSON.stringify({ pid: process.pid, host: hostname(), token: 'someone-else', at: Date.now() }));
    await expect(createJournalStorage({ path, lockTimeoutMs: 100 })).rejects.toThrow(
      /could not lock .*\.lock within 100 ms: held by .*someone-else/,
    );
    await rm(`${path}.lock`);
    const s = await createJournalStorage({ path });
    await s.close();
  });
});
