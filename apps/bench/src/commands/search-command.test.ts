import { describe, expect, it } from 'vitest';
import { dashboardLine, samplerSeedOf } from './search-command.js';

describe('samplerSeedOf', () => {
  it('gives each study name its own stable 31-bit seed', () => {
    const names = ['sst2-mrpc-mini-b-only', 'mrpc-sst2-mini-b-only', 'cola-sst2-mini-b-only', 'sst2-cola-mini-b-only'];
    const seeds = names.map(samplerSeedOf);
    expect(new Set(seeds).size).toBe(names.length);
    expect(seeds.every((s) => Number.isInteger(s) && s >= 0 && s < 2 ** 31)).toBe(true);
    expect(names.map(samplerSeedOf)).toEqual(seeds);
  });

  it('is the 32-bit FNV-1a hash of the UTF-8 name, top bit cleared', () => {
    // FNV-1a("") is the offset basis 0x811c9dc5 and FNV-1a("a") is 0xe40c292c (published test vectors).
    expect(samplerSeedOf('')).toBe(0x811c9dc5 & 0x7fffffff);
    expect(samplerSeedOf('a')).toBe(0xe40c292c & 0x7fffffff);
  });
});

describe('dashboardLine', () => {
  it('prints the command that opens the dashboard on the study, quoting what the shell would split, hiding a password', () => {
    expect(dashboardLine('journal:/tmp/runs/studies.jsonl', 'sst2-mrpc-mini-b-only')).toBe(
      'watch it live: pnpm --filter @lrdist/bench exec lrdist-search dashboard --storage journal:/tmp/runs/studies.jsonl --study sst2-mrpc-mini-b-only',
    );
    expect(dashboardLine('journal:/tmp/my runs/s.jsonl', "it's")).toMatch(
      /--storage 'journal:\/tmp\/my runs\/s.jsonl' --study 'it'\\''s'$/,
    );
    const pg = dashboardLine('postgres://user:secret@db:5432/lrdist', 's');
    expect(pg).not.toContain('secret');
    expect(pg).toContain('postgres://user:***@db:5432/lrdist');
  });
});
