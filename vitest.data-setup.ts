// Global setup of the integration tests that read the real data: without it, say so once, on one
// line, and stop before any test starts (rather than every test failing on its own after its setup).
import { findSharedData } from './vitest.data.js';

export function setup(): void {
  try {
    findSharedData();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
}
