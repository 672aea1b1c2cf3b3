import { findSharedData } from '../../../../vitest.data.js';

/** The GLUE root of the real data for integration tests (see findSharedData: throws, never skips). */
export function findGlueDataRoot(): string {
  return findSharedData().glueDir;
}
