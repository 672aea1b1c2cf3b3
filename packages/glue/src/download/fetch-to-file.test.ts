import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../../test/helpers/fixture-server.js';
import { ChecksumMismatchError, DownloadError } from '../errors.js';
import { fetchToFile } from './fetch-to-file.js';

const body = Buffer.from(Array.from({ length: 20_000 }, (_, i) => `line ${i}\n`).join(''));
const sha = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

let dir: string;
let server: FixtureServer | undefined;
let sleeps: number[];
const sleep = async (ms: number): Promise<void> => {
  sleeps.push(ms);
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lrdist-glue-fetch-'));
  sleeps = [];
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe('fetchToFile against a local HTTP server', () => {
  it('downloads, verifies and renames into place', async () => {
    server = await startFixtureServer({ '/f.bin': { body } });
    const dest = join(dir, 'f.bin');
    const file = await fetchToFile({
      url: `${server.baseUrl}/f.bin`,
      dest,
      expectedSha256: sha(body),
      sleep,
    });
    expect(file).toMatchObject({
      path: dest,
      sha256: sha(body),
      bytes: body.length,
      attempts: 1,
      resumed: false,
    });
    expect(readFileSync(dest).equals(body)).toBe(true);
    expect(existsSync(`${dest}.part`)).toBe(false);
    // Identity encoding keeps Content-Length and Range in the stored bytes.
    expect(server.requests[0]?.acceptEncoding).toBe('identity');
  });

  it('resumes with a Range request after the connection drops mid-body', async () => {
    server = await startFixtureServer({ '/f.bin': { body, dropAfter: 70_000 } });
    const dest = join(dir, 'f.bin');
    const file = await fetchToFile({
      url: `${server.baseUrl}/f.bin`,
      dest,
      expectedSha256: sha(body),
      sleep,
      backoffMs: 5,
    });
    expect(file).toMatchObject({ attempts: 2, resumed: true, sha256: sha(body) });
    expect(server.requests.map((r) => r.status)).toEqual([200, 206]);
    const resumedFrom = Number(/bytes=(\d+)-/.exec(server.requests[1]?.range ?? '')?.[1]);
    expect(resumedFrom).toBeGreaterThan(0);
    expect(resumedFrom).toBeLessThanOrEqual(70_000);
    expect(readFileSync(dest).equals(body)).toBe(true);
  });

  it('resumes from a .part file a killed process left behind', async () => {
    server = await startFixtureServer({ '/f.bin': { body } });
    const dest = join(dir, 'f.bin');
    writeFileSync(`${dest}.part`, body.subarray(0, 1234));
    const file = await fetchToFile({
      url: `${server.baseUrl}/f.bin`,
      dest,
      expectedSha256: sha(body),
      sleep,
    });
    expect(file.resumed).toBe(true);
    expect(server.requests).toMatchObject([{ path: '/f.bin', range: 'bytes=1234-', status: 206 }]);
  });

  it('retries after HTTP 500 with exponential backoff', async () => {
    server = await startFixtureServer({ '/f.bin': { body, failures: 2 } });
    const file = await fetchToFile({
      url: `${server.baseUrl}/f.bin`,
      dest: join(dir, 'f.bin'),
      sleep,
      backoffMs: 100,
    });
    expect(file.attempts).toBe(3);
    expect(sleeps).toEqual([100, 200]);
    expect(server.requests.map((r) => r.status)).toEqual([500, 500, 200]);
  });

  it('gives up after the retries with a DownloadError carrying the status', async () => {
    server = await startFixtureServer({ '/f.bin': { body, failures: 10 } });
    const error = await fetchToFile({
      url: `${server.baseUrl}/f.bin`,
      dest: join(dir, 'f.bin'),
      sleep,
      retries: 2,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadError);
    expect(error).toMatchObject({ status: 500, attempts: 3, code: 'DOWNLOAD' });
  });

  it('does not retry a 404', async () => {
    server = await startFixtureServer({ '/f.bin': { body, status: 404 } });
    const error = await fetchToFile({
      url: `${server.baseUrl}/f.bin`,
      dest: join(dir, 'f.bin'),
      sleep,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 404, attempts: 1 });
    expect(sleeps).toEqual([]);
  });

  it('deletes a file whose sha256 does not match, keeping nothing to resume from', async () => {
    server = await startFixtureServer({ '/f.bin': { body } });
    const dest = join(dir, 'f.bin');
    const error = await fetchToFile({
      url: `${server.baseUrl}/f.bin`,
      dest,
      expectedSha256: 'f'.repeat(64),
      sleep,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChecksumMismatchError);
    expect(error).toMatchObject({ expected: 'f'.repeat(64), actual: sha(body) });
    expect(existsSync(dest) || existsSync(`${dest}.part`)).toBe(false);
  });

  it('retries a network error from the injected fetch', async () => {
    let calls = 0;
    const fetch = async (): Promise<Response> => {
      calls++;
      if (calls === 1) throw new TypeError('fetch failed');
      return new Response(body, { status: 200, headers: { 'content-length': String(body.length) } });
    };
    const file = await fetchToFile({
      url: 'http://example.invalid/f.bin',
      dest: join(dir, 'f.bin'),
      fetch,
      sleep,
    });
    expect(file).toMatchObject({ attempts: 2, sha256: sha(body) });
  });
});
