import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DistributionFileError } from '../errors.js';
import { llrd } from '../distribution/generators.js';
import { paperCombined } from '../distribution/paper-combined.js';
import { combine } from '../combine/combine.js';
import {
  fromDistributionJson,
  parseDistribution,
  readDistributionFile,
  serializeDistribution,
  toDistributionJson,
  writeDistributionFile,
} from './distribution-file.js';

// test/fixtures/paper-combined.v1.json is serializeDistribution(paperCombined()) as written when
// format version 1 was fixed; it guards the on-disk format against silent change.
const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/paper-combined.v1.json');
const fixedClock = { now: () => new Date('2025-01-02T03:04:05.000Z') };

function fileError(run: () => unknown): DistributionFileError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DistributionFileError);
    return error as DistributionFileError;
  }
  throw new Error('expected a DistributionFileError');
}

type EditableFile = Record<string, unknown> & { groups: Record<string, unknown>[]; provenance: Record<string, unknown> };
type FileEdit = (file: EditableFile) => void;

/** The paper file with one edit, as text. */
function edited(edit: FileEdit): string {
  const file = JSON.parse(serializeDistribution(paperCombined()));
  edit(file);
  return JSON.stringify(file);
}

describe('distribution files', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lrdist-combine-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('match the committed version-1 fixture byte for byte', async () => {
    const text = await readFile(FIXTURE, 'utf8');
    expect(serializeDistribution(paperCombined())).toBe(text);
    expect(await readDistributionFile(FIXTURE)).toEqual(paperCombined());
  });

  it('round-trip a combined distribution with bands, filling createdAt from the clock', async () => {
    const c = combine([paperCombined(), llrd(2e-5, 0.8, 12)], { provenance: { notes: 'two sources' } });
    const path = join(dir, 'combined.json');
    await writeDistributionFile(path, c, fixedClock);
    const back = await readDistributionFile(path);
    expect(back.provenance.createdAt).toBe('2025-01-02T03:04:05.000Z');
    expect(back.withProvenance({ createdAt: undefined })).toEqual(c.withProvenance({ createdAt: undefined }));
    expect(back.groups.map((g) => g.band)).toEqual(c.groups.map((g) => g.band));
    expect(serializeDistribution(back)).toBe(await readFile(path, 'utf8'));
    expect(toDistributionJson(c, fixedClock).format).toBe('lrdist.distribution');
  });

  const cases: [string, FileEdit, string, string][] = [
    ['a negative lr', (f) => void ((f.groups[2] ?? {}).lr = -1), 'groups[2].lr', '`groups[2].lr` must be a positive finite number, got -1'],
    [
      'a string depth',
      (f) => void ((f.groups[0] ?? {}).depth = '0'),
      'groups[0].depth',
      '`groups[0].depth` must be a number in [0, 1], got "0"',
    ],
    ['a missing lr', (f) => void delete (f.groups[1] ?? {}).lr, 'groups[1].lr', '`groups[1].lr` must be present'],
    ['an unknown field', (f) => void ((f.groups[3] ?? {}).learningRate = 1), 'groups[3].learningRate', 'unknown field'],
    [
      'a bad date',
      (f) => void (f.provenance.createdAt = 'last week'),
      'provenance.createdAt',
      '`provenance.createdAt` must be an ISO 8601 date-time',
    ],
    [
      'a version from the future',
      (f) => void (f.version = 2),
      'version',
      '`version` must be 1 (the version this build of @lrdist/combine reads), got 2',
    ],
    ['another format', (f) => void (f.format = 'optuna.study'), 'format', "`format` must be 'lrdist.distribution'"],
    ['depths out of order', (f) => void ((f.groups[4] ?? {}).depth = 0.1), 'groups[4].depth', '`groups[4].depth` must be greater than'],
    ['a duplicate name', (f) => void ((f.groups[9] ?? {}).name = 'embeddings'), 'groups[9].name', '`groups[9].name` must be unique'],
    ['no groups', (f) => void (f.groups = []), 'groups', '`groups` must be a non-empty array of groups'],
  ];
  it.each(cases)('name the field and the file for %s', (_what, edit, field, message) => {
    const error = fileError(() => parseDistribution(edited(edit), '/runs/x/distribution.json'));
    expect(error.field).toBe(field);
    expect(error.file).toBe('/runs/x/distribution.json');
    expect(error.message).toContain(message);
    expect(error.message).toMatch(/in \/runs\/x\/distribution\.json$/);
    // The envelope is checked by hand; every other rejection keeps the zod or value error as cause.
    if (field !== 'format' && field !== 'version') expect(error.cause).toBeDefined();
  });

  it('reject text that is not JSON or not an object', () => {
    expect(fileError(() => parseDistribution('{"format": ', 'a.json')).message).toMatch(
      /^the file must be JSON, got a parse error .*in a\.json$/,
    );
    expect(fileError(() => parseDistribution('[1, 2]', 'b.json')).message).toContain('the file must be a JSON object');
    expect(fileError(() => fromDistributionJson(null)).file).toBe('<object>');
  });

  it('report a missing file as a DistributionFileError', async () => {
    await expect(readDistributionFile(join(dir, 'nope.json'))).rejects.toThrow(/the file must be readable, got ENOENT, in .*nope\.json/);
  });

  it('create missing parent folders on write', async () => {
    const path = join(dir, 'new', 'deeper', 'd.json');
    await writeDistributionFile(path, paperCombined());
    expect((await readDistributionFile(path)).lrs).toEqual(paperCombined().lrs);
  });

  it('report an unwritable path as a DistributionFileError', async () => {
    await writeFile(join(dir, 'plain'), 'x');
    await expect(writeDistributionFile(join(dir, 'plain', 'sub.json'), paperCombined())).rejects.toThrow(DistributionFileError);
  });
});
