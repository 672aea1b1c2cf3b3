import { request } from 'node:http';
import { createServer } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XSS_ATTR, XSS_NAME, XSS_PARAM, fillDashboardStudies } from '../../test/helpers/dashboard-studies.js';
import { InvalidOptionsError } from '../errors.js';
import { createMemoryStorage } from '../storages/memory.js';
import type { Storage } from '../storages/storage.js';
import { loadStudy } from '../study/create-study.js';
import type { DashboardStudy, DashboardStudyList } from './dashboard-data.js';
import { DASHBOARD_SCRIPT, dashboardPage } from './dashboard-page.js';
import { isLoopbackHost, startDashboard, type Dashboard } from './dashboard-server.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request (node:http, so that any method and Host header can be sent). */
function send(url: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const api = (d: Dashboard, name?: string): string => `${d.url}api/studies${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;

let storage: Storage;
let dashboard: Dashboard;
beforeAll(async () => {
  storage = createMemoryStorage();
  await fillDashboardStudies(storage);
  dashboard = await startDashboard({ storage, port: 0 });
});
afterAll(async () => {
  await dashboard.close();
  await storage.close();
});

describe('dashboard data endpoints', () => {
  it('lists the studies with counts and best values', async () => {
    const r = await send(api(dashboard));
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    const list = JSON.parse(r.body) as DashboardStudyList;
    expect(list.storage).toBe('memory');
    expect(list.studies.map((s) => s.name)).toEqual(['single', 'multi', XSS_NAME]);
    const [single, multi] = list.studies;
    expect(single?.counts).toEqual({ waiting: 0, running: 0, complete: expect.any(Number), pruned: expect.any(Number), failed: 1 });
    expect((single?.counts.complete ?? 0) + (single?.counts.pruned ?? 0)).toBe(12);
    expect(single?.counts.pruned).toBeGreaterThan(0);
    expect(single?.bestValue).toEqual(expect.any(Number));
    expect(single?.frontSize).toBeNull();
    expect(multi?.bestValue).toBeNull();
    expect(multi?.frontSize).toBeGreaterThan(0);
  });

  it('gives a study with params, trials, reports, best trial and importance', async () => {
    const r = await send(api(dashboard, 'single'));
    expect(r.status).toBe(200);
    const st = JSON.parse(r.body) as DashboardStudy;
    expect(Object.keys(st).sort()).toEqual([
      'best',
      'counts',
      'createdAt',
      'directions',
      'importance',
      'name',
      'params',
      'trials',
      'userAttrs',
    ]);
    expect(st.directions).toEqual(['minimize']);
    expect(st.params.map((p) => [p.name, p.distribution.kind])).toEqual([
      ['lr', 'float'],
      ['units', 'int'],
      ['optimizer', 'categorical'],
    ]);
    expect(st.params[0]?.distribution).toMatchObject({ low: 1e-5, high: 1e-1, log: true });
    expect(st.trials).toHaveLength(13);
    const t0 = st.trials[0];
    expect(Object.keys(t0 ?? {}).sort()).toEqual(
      ['completedAt', 'durationMs', 'failReason', 'intermediate', 'number', 'params', 'startedAt', 'state', 'userAttrs', 'values'].sort(),
    );
    expect(t0?.intermediate[0]).toEqual({ step: 1, values: [expect.any(Number)] });
    expect(t0?.durationMs).toBe((t0?.completedAt ?? 0) - (t0?.startedAt ?? 0));
    expect(st.trials.at(-1)).toMatchObject({ state: 'failed', failReason: 'out of memory', values: null });
    const complete = st.trials.filter((t) => t.state === 'complete');
    const bestValue = Math.min(...complete.map((t) => t.values?.[0] ?? Infinity));
    expect(st.best).toHaveLength(1);
    expect(complete.find((t) => t.number === st.best[0])?.values?.[0]).toBe(bestValue);
    if (st.importance.status !== 'ok') throw new Error(`importance: ${st.importance.reason}`);
    const [entry] = st.importance.objectives;
    expect(entry?.objective).toBe(0);
    expect(entry?.importances.map(([name]) => name).sort()).toEqual(['lr', 'optimizer', 'units']);
    expect(entry?.importances.reduce((a, [, v]) => a + v, 0)).toBeCloseTo(1, 9);
  });

  it('gives the Pareto front of a multi-objective study', async () => {
    const st = JSON.parse((await send(api(dashboard, 'multi'))).body) as DashboardStudy;
    expect(st.directions).toEqual(['minimize', 'maximize']);
    expect(st.best.length).toBeGreaterThan(0);
    const complete = st.trials.filter((t) => t.state === 'complete');
    for (const n of st.best) {
      const p = complete.find((t) => t.number === n)?.values as number[];
      // No complete trial dominates a front member (minimise 0, maximise 1).
      const dominated = complete.some((t) => {
        const q = t.values as number[];
        return q[0]! <= p[0]! && q[1]! >= p[1]! && (q[0]! < p[0]! || q[1]! > p[1]!);
      });
      expect(dominated).toBe(false);
    }
  });

  it('sends names, params and attributes as JSON data, never as markup', async () => {
    const r = await send(api(dashboard, XSS_NAME));
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    const st = JSON.parse(r.body) as DashboardStudy;
    expect(st.name).toBe(XSS_NAME);
    expect(st.params.map((p) => p.name)).toEqual([XSS_PARAM]);
    expect(st.userAttrs).toEqual({ [XSS_ATTR]: XSS_ATTR });
    expect(st.trials[0]?.userAttrs).toEqual({ [XSS_ATTR]: XSS_NAME });
  });

  it('answers an unchanged study with 304 and shows a newly told trial on the next request', async () => {
    const first = await send(api(dashboard, 'multi'));
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^".+"$/);
    expect((await send(api(dashboard, 'multi'), { headers: { 'If-None-Match': etag } })).status).toBe(304);
    const study = await loadStudy({ storage, studyName: 'multi' });
    const t = await study.ask();
    t.suggestFloat('x', 0, 1);
    await study.tell(t, [0.5, 0.5]);
    const next = await send(api(dashboard, 'multi'), { headers: { 'If-None-Match': etag } });
    expect(next.status).toBe(200);
    const st = JSON.parse(next.body) as DashboardStudy;
    expect(st.trials.at(-1)).toMatchObject({ number: t.number, state: 'complete', values: [0.5, 0.5] });
  });

  it('404s an unknown study or page, 400s a malformed name', async () => {
    const r = await send(api(dashboard, 'nope'));
    expect(r.status).toBe(404);
    expect(JSON.parse(r.body)).toEqual({ error: expect.stringMatching(/nope/) });
    expect((await send(`${dashboard.url}nope`)).status).toBe(404);
    expect((await send(`${dashboard.url}api/studies/%E0%A4%A`)).status).toBe(400);
  });
});

describe('dashboard server', () => {
  it('is read-only: any method but GET and HEAD is 405, and changes nothing', async () => {
    const before = (await send(api(dashboard))).body;
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      for (const url of [dashboard.url, api(dashboard), api(dashboard, 'single')]) {
        const r = await send(url, { method });
        expect(r.status, `${method} ${url}`).toBe(405);
        expect(r.headers.allow).toBe('GET, HEAD');
      }
    }
    expect((await send(api(dashboard))).body).toBe(before);
    const head = await send(api(dashboard), { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('serves the page under a nonce CSP that admits only its own inline script and style', async () => {
    const r = await send(dashboard.url);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = r.headers['content-security-policy'] as string;
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1] as string;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`style-src 'nonce-${nonce}'`);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    expect(r.body.match(/<script\b[^>]*>/g)).toEqual([`<script nonce="${nonce}">`]);
    expect(r.body.match(/<style\b[^>]*>/g)).toEqual([`<style nonce="${nonce}">`]);
    expect((await send(dashboard.url)).headers['content-security-policy']).not.toContain(nonce);
  });

  it('never builds HTML from stored data: the page is the same for an empty storage', async () => {
    const empty = createMemoryStorage();
    const other = await startDashboard({ storage: empty, port: 0 });
    try {
      const strip = (html: string): string => html.replace(/nonce="[^"]+"/g, 'nonce=""');
      const full = (await send(dashboard.url)).body;
      expect(strip((await send(other.url)).body)).toBe(strip(full));
      for (const data of [XSS_NAME, XSS_PARAM, XSS_ATTR, 'onerror', 'out of memory']) expect(full).not.toContain(data);
    } finally {
      await other.close();
      await empty.close();
    }
  });

  it('ships a script that parses, sets no HTML from strings and evaluates nothing', () => {
    expect(() => new Script(DASHBOARD_SCRIPT)).not.toThrow();
    expect(DASHBOARD_SCRIPT).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|<\/script/i);
    expect(() => dashboardPage({ nonce: '"><script>', refreshMs: 1000 })).toThrow(TypeError);
  });

  it('binds 127.0.0.1 by default and refuses Host headers other than loopback ones (DNS rebinding)', async () => {
    expect(dashboard.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const port = new URL(dashboard.url).port;
    expect((await send(dashboard.url, { headers: { Host: `localhost:${port}` } })).status).toBe(200);
    expect((await send(dashboard.url, { headers: { Host: 'evil.example' } })).status).toBe(403);
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('0.0.0.0')).toBe(false);
    expect(isLoopbackHost('127.evil.example')).toBe(false);
  });

  it('warns when bound to an address other machines can reach', async () => {
    const warnings: string[] = [];
    const open = await startDashboard({ storage, port: 0, host: '0.0.0.0', onWarning: (m) => warnings.push(m) });
    await open.close();
    expect(warnings).toEqual([expect.stringMatching(/listens on 0\.0\.0\.0, reachable from other machines/)]);
  });

  it('closes promptly with a keep-alive connection open', async () => {
    const d = await startDashboard({ storage, port: 0 });
    await fetch(`${d.url}api/studies`).then((r) => r.text());
    const started = Date.now();
    await d.close();
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('rejects bad options with InvalidOptionsError', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lrdist-dashboard-'));
    try {
      await expect(startDashboard({ storageUrl: `journal:${join(dir, 'missing.jsonl')}`, port: 0 })).rejects.toThrow(
        /names a journal file that does not exist/,
      );
      await expect(startDashboard({ storageUrl: 'ftp://x', port: 0 })).rejects.toBeInstanceOf(InvalidOptionsError);
      await expect(startDashboard({ port: 0 })).rejects.toThrow(/exactly one of `storage` and `storageUrl`/);
      await expect(startDashboard({ storage, port: 70_000 })).rejects.toThrow(/`port` must be an integer in \[0, 65535\], got 70000/);
      const busy = createServer();
      await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
      const port = (busy.address() as { port: number }).port;
      await expect(startDashboard({ storage, port })).rejects.toThrow(new RegExp(`\`port\` ${port} is in use`));
      await new Promise((resolve) => busy.close(resolve));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
