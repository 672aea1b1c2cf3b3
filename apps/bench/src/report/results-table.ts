import { escapeMarkdownCell } from '@lrdist/combine';
import { formatSummary, type Summary } from '../stats/summarize.js';
import type { MethodSummary } from './method-summary.js';

/** Column headers of the results table. */
export const TABLE_HEADERS = [
  'method',
  'n',
  'p_a',
  'p_o',
  'p_s',
  'forgetting',
  'acc_o',
  'acc_s',
  'one class o/s',
  'mlm 0 → A → B',
] as const;

/**
 * The held-out MLM loss before A, after A and after B: the path of the pretrained knowledge. Means
 * only for the first two (under `b-only` they are the same for every method), the interval on the last.
 */
export function formatMlmPath(beforeA: Summary, afterA: Summary, afterB: Summary): string {
  if (afterB.n === 0 || !Number.isFinite(afterB.mean)) return 'n/a';
  const mean = (s: Summary): string => (s.n > 0 && Number.isFinite(s.mean) ? s.mean.toFixed(2) : '?');
  return `${mean(beforeA)} → ${mean(afterA)} → ${formatSummary(afterB, 1, 2)}`;
}

/** Table rows (strings): percentages as mean ± 95% half-width; `mlm` is the held-out MLM loss path. */
export function tableRows(summaries: readonly MethodSummary[]): string[][] {
  return summaries.map((s) => [
    s.method,
    `${s.seeds}${s.failed > 0 ? ` (+${s.failed} failed)` : ''}`,
    formatSummary(s.pA),
    formatSummary(s.pO),
    formatSummary(s.pS),
    formatSummary(s.forgetting),
    formatSummary(s.accuracyO),
    formatSummary(s.accuracyS),
    s.collapsedO === null && s.collapsedS === null ? 'n/a' : `${s.collapsedO ?? '?'}/${s.collapsedS ?? '?'}`,
    formatMlmPath(s.mlmBeforeA, s.mlmAfterA, s.mlmAfterB),
  ]);
}

/** A plain-text table for the terminal, columns aligned. */
export function renderTextTable(summaries: readonly MethodSummary[]): string {
  const rows = [[...TABLE_HEADERS], ...tableRows(summaries)];
  const widths = TABLE_HEADERS.map((_, j) => Math.max(...rows.map((r) => r[j]!.length)));
  const line = (r: string[]): string => r.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]!) : cell.padStart(widths[j]!))).join('  ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** The same table in Markdown. */
export function renderMarkdownTable(summaries: readonly MethodSummary[]): string {
  const rows = tableRows(summaries);
  return [
    `| ${TABLE_HEADERS.join(' | ')} |`,
    `| ${TABLE_HEADERS.map((_, j) => (j === 0 ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(escapeMarkdownCell).join(' | ')} |`),
  ].join('\n');
}
