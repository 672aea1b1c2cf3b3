import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../test/helpers/browser.js';
import { XSS_ATTR, XSS_NAME, XSS_PARAM, fillDashboardStudies } from '../../test/helpers/dashboard-studies.js';
import { createJournalStorage, type JournalStorage } from '../storages/journal/journal-storage.js';
import { loadStudy } from '../study/create-study.js';
import { startDashboard, type Dashboard } from './dashboard-server.js';

let dir: string;
let writer: JournalStorage;
let dashboard: Dashboard;
let browser: Browser;
let page: Page;
/** Console errors and warnings, uncaught exceptions and dialogs (an XSS would open one). */
const problems: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lrdist-dashboard-e2e-'));
  const path = join(dir, 'studies.jsonl');
  writer = await createJournalStorage({ path });
  await fillDashboardStudies(writer);
  // The dashboard reads the journal through its own handle, as it would beside other processes.
  dashboard = await startDashboard({ storageUrl: `journal:${path}`, port: 0, refreshMs: 500 });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(dashboard.url);
});
afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
  await writer?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Sets (with a value) and reads a global of the page: a reload would lose it. */
function marker(value?: number): Promise<number | undefined> {
  return page.evaluate((v) => {
    const g = globalThis as unknown as { marker?: number };
    if (v !== undefined) g.marker = v;
    return g.marker;
  }, value);
}

async function openStudy(name: string): Promise<void> {
  await page.locator('button.study', { hasText: name }).click();
  // Locators, not page-side code as text: the page's CSP forbids eval, as it should.
  await page.getByRole('heading', { level: 2, name, exact: true }).waitFor();
  await page.locator('#panel-trials').waitFor();
}

describe('dashboard in headless Chromium', () => {
  it('lists the studies and draws every chart of a single-objective study', async () => {
    await page.waitForSelector('#panel-trials');
    expect(await page.locator('button.study .study-name').allTextContents()).toEqual(['single', 'multi', XSS_NAME]);
    await openStudy('single');
    for (const panel of ['history', 'importance', 'intermediate', 'parallel'])
      expect(await page.locator(`#panel-${panel} svg.chart`).count(), panel).toBe(1);
    expect(await page.locator('#panel-importance rect.bar').count()).toBe(3);
    expect(await page.locator('#panel-pareto').count()).toBe(0);
    // A pruned trial ends its curve in a cross; log axes label powers of ten.
    expect(await page.locator('#panel-intermediate .curve.pruned .cross').count()).toBeGreaterThan(0);
    expect(await page.locator('#panel-parallel text.tick', { hasText: /^1e-\d$/ }).count()).toBeGreaterThan(0);
    expect(await page.locator('#trials-table tbody tr').count()).toBe(13);
  });

  it('sorts the trial table by a column, both ways', async () => {
    const column = async (): Promise<string[]> => page.locator('#trials-table tbody tr td:nth-child(3)').allTextContents();
    await page.locator('#trials-table th button', { hasText: 'value (min)' }).click();
    const up = (await column()).filter((v) => v !== '').map(Number);
    expect(up).toEqual([...up].sort((a, b) => a - b));
    await page.locator('#trials-table th button', { hasText: 'value (min)' }).click();
    const down = (await column()).filter((v) => v !== '').map(Number);
    expect(down).toEqual([...up].reverse());
  });

  it('renders a study named with markup as text', async () => {
    await openStudy(XSS_NAME);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('#xss-param, b').count()).toBe(0);
    expect(await page.locator('#study h2').textContent()).toBe(XSS_NAME);
    expect(await page.locator('#trials-table th').allTextContents()).toContain(XSS_PARAM);
    expect(await page.locator('#trials-table td', { hasText: XSS_NAME }).count()).toBe(3);
    expect(await page.locator('details pre').textContent()).toContain(XSS_ATTR);
  });

  it('draws the Pareto front of a two-objective study, and a trial told later appears without a reload', async () => {
    await openStudy('multi');
    expect(await page.locator('#panel-pareto svg.chart > circle.front').count()).toBeGreaterThan(0);
    expect(await page.locator('#panel-pareto svg.chart > circle.dominated').count()).toBeGreaterThan(0);
    expect(await page.locator('#panel-history svg.chart').count()).toBe(2);
    await marker(42);
    const rowsBefore = await page.locator('#trials-table tbody tr').count();

    const study = await loadStudy({ storage: writer, studyName: 'multi' });
    const trial = await study.ask();
    trial.suggestFloat('x', 0, 1);
    trial.suggestFloat('y', 0, 1);
    await study.tell(trial, [-1, 10]); // dominates every other trial: alone on the front
    const started = Date.now();
    await page.waitForSelector(`#trials-table tbody tr[data-number="${trial.number}"]`, { timeout: 5000 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await marker()).toBe(42);
    expect(await page.locator('#trials-table tbody tr').count()).toBe(rowsBefore + 1);
    await expect.poll(() => page.locator('#panel-pareto svg.chart > circle.front').count(), { timeout: 5000 }).toBe(1);
    expect(await page.locator('button.study', { hasText: 'multi' }).textContent()).toContain(`${rowsBefore + 1} trials`);
  });

  it('logged no console error, no exception and opened no dialog', () => {
    expect(problems).toEqual([]);
  });
});
