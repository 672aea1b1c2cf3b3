import type { FrozenTrial, StudyDirection } from '../trial/frozen-trial.js';

/** JSON text where NaN and infinities (possible in reports) become strings instead of null; `indent` default 2. */
export function toJson(value: unknown, indent = 2): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), indent);
}

/** A plain-text table with left-aligned columns. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** A number for humans: 6 significant digits. */
export function num(v: number | undefined | null): string {
  if (v === undefined || v === null) return '';
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}

/** `name=value` pairs of a trial's params. */
export function paramsText(t: FrozenTrial): string {
  return Object.entries(t.params)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? num(v) : JSON.stringify(v)}`)
    .join(' ');
}

/** A trial for JSON output. */
export function trialJson(t: FrozenTrial): Record<string, unknown> {
  return {
    number: t.number,
    state: t.state,
    values: t.values,
    params: t.params,
    distributions: t.distributions,
    intermediateValues: t.intermediateValues,
    userAttrs: t.userAttrs,
    systemAttrs: t.systemAttrs,
    startedAt: iso(t.startedAt),
    completedAt: iso(t.completedAt),
    failReason: t.failReason,
    workerId: t.workerId,
  };
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text =
    typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Trials as CSV, one row each: number, state, one value column per objective, one column per
 * parameter and per user attribute (in order of first appearance), times, duration, fail reason.
 */
export function trialsCsv(trials: readonly FrozenTrial[], directions: readonly StudyDirection[]): string {
  const paramNames: string[] = [];
  const attrNames: string[] = [];
  for (const t of trials) {
    for (const k of Object.keys(t.params)) if (!paramNames.includes(k)) paramNames.push(k);
    for (const k of Object.keys(t.userAttrs)) if (!attrNames.includes(k)) attrNames.push(k);
  }
  const valueColumns = directions.length === 1 ? ['value'] : directions.map((_, i) => `values_${i}`);
  const header = [
    'number',
    'state',
    ...valueColumns,
    ...paramNames.map((p) => `params_${p}`),
    ...attrNames.map((a) => `user_attrs_${a}`),
    'started_at',
    'completed_at',
    'duration_s',
    'fail_reason',
  ];
  const rows = trials.map((t) => [
    t.number,
    t.state,
    ...directions.map((_, i) => t.values?.[i] ?? null),
    ...paramNames.map((p) => (Object.hasOwn(t.params, p) ? t.params[p] : null)),
    ...attrNames.map((a) => t.userAttrs[a] ?? null),
    iso(t.startedAt),
    iso(t.completedAt),
    t.startedAt !== null && t.completedAt !== null ? (t.completedAt - t.startedAt) / 1000 : null,
    t.failReason,
  ]);
  return `${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
}
