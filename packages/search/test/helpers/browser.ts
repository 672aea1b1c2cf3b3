// Headless Debian Chromium through playwright-core (no browser download), as apps/bench/test/browser.ts
// does; a package cannot import an app's test helpers, hence this twin.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

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
