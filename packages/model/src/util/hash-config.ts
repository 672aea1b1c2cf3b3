import { createHash } from 'node:crypto';

/**
 * Stable hash of a JSON-able config (keys sorted at every depth), 16 hex digits: what names a
 * phase-A cache folder and lets a results file refuse to resume a different run.
 */
export function hashConfig(config: Record<string, unknown>): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.keys(value as Record<string, unknown>)
          .sort()
          .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
      );
    }
    return value;
  };
  return createHash('sha256')
    .update(JSON.stringify(canonical(config)))
    .digest('hex')
    .slice(0, 16);
}
