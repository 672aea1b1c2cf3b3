// Opens a page in Debian's Chromium through playwright-core (no browser download), for report tests.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Chromium's path: $CHROMIUM_PATH or Debian's. Fails (never skips) when absent. */
export function chromiumPath(): string {
  const path = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
  if (!existsSync(path))
    throw new Error(`Chromium not found at ${path}: install Debian's chromium (./scripts/setup --test) or set CHROMIUM_PATH`);
  return path;
}

/** Launches headless Chromium as this sandbox allows (root: no sandbox; no background networking). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A report page open in Chromium, with every console error and page error it raised. */
export interface OpenReport {
  readonly page: Page;
  readonly errors: string[];
  close(): Promise<void>;
}

/** Opens a report file in headless Chromium, collecting its console and page errors. */
export async function openReport(file: string): Promise<OpenReport> {
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`file://${file}`);
  return { page, errors, close: () => browser.close() };
}
