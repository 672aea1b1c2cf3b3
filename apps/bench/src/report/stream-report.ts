import { escapeMarkdownCell as md, escapeXml } from '@lrdist/combine';
import { streamMetrics } from '@lrdist/protocol';
import { htmlPage } from './write-report.js';
import { oldDataNotes } from './method-summary.js';
import type { CellResult } from '../results/schemas.js';
import { formatSummary, summarize, type Summary } from '../stats/summarize.js';

/** One method's task-stream figures over its seeds. */
export interface StreamSummary {
  readonly method: string;
  readonly seeds: number;
  /** R averaged over seeds, R[i][j]: task j after stage i. */
  readonly meanR: number[][];
  readonly averageAccuracy: Summary;
  readonly backwardTransfer: Summary;
  readonly forwardTransfer: Summary;
  readonly averageForgetting: Summary;
}

/** Summaries per method, in `methods` order, from the complete stream cells. */
export function summarizeStreams(cells: readonly CellResult[], methods: readonly string[]): StreamSummary[] {
  return methods.map((method) => {
    const streams = cells.flatMap((c) => (c.method === method && c.status === 'complete' && c.stream !== undefined ? [c.stream] : []));
    const metrics = streams.map((s) => streamMetrics(s.r, { before: s.before }));
    const t = streams[0]?.r.length ?? 0;
    const meanR = Array.from({ length: t }, (_, i) =>
      Array.from({ length: t }, (_, j) => streams.reduce((a, s) => a + s.r[i]![j]!, 0) / streams.length),
    );
    const of = (pick: (m: (typeof metrics)[number]) => number | null): Summary => summarize(metrics.map((m) => pick(m) ?? Number.NaN));
    return {
      method,
      seeds: streams.length,
      meanR,
      averageAccuracy: of((m) => m.averageAccuracy),
      backwardTransfer: of((m) => m.backwardTransfer),
      forwardTransfer: of((m) => m.forwardTransfer),
      averageForgetting: of((m) => m.averageForgetting),
    };
  });
}

const HEADERS = ['method', 'seeds', 'ACC', 'BWT', 'FWT', 'forgetting'] as const;

const STREAM_NOTE =
  'Test split (GLUE dev), headline metric x 100, mean ± 95% interval over seeds. ACC: mean over all tasks after the last stage; ' +
  'BWT and FWT after Lopez-Paz and Ranzato (2017), FWT against the model before the first stage; forgetting after Chaudhry et al. (2018).';

const rowsOf = (summaries: readonly StreamSummary[]): string[][] =>
  summaries.map((s) => [
    s.method,
    String(s.seeds),
    formatSummary(s.averageAccuracy),
    formatSummary(s.backwardTransfer),
    formatSummary(s.forwardTransfer),
    formatSummary(s.averageForgetting),
  ]);

/** The summary table as aligned text (x 100, mean ± 95% interval over seeds). */
export function renderStreamTable(summaries: readonly StreamSummary[]): string {
  const rows = [[...HEADERS], ...rowsOf(summaries)];
  const widths = HEADERS.map((_, j) => Math.max(...rows.map((r) => r[j]!.length)));
  const line = (r: string[]): string => r.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]!) : cell.padStart(widths[j]!))).join('  ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** report.md of a stream run: the summary table, then each method's mean R. */
export function renderStreamMarkdown(options: { tasks: readonly string[]; command: string; summaries: readonly StreamSummary[] }): string {
  const table = (header: readonly string[], rows: readonly (readonly string[])[]): string =>
    [
      `| ${header.join(' | ')} |`,
      `|${header.map((_, j) => (j === 0 ? '---' : '---:')).join('|')}|`,
      ...rows.map((r) => `| ${r.join(' | ')} |`),
    ].join('\n');
  const parts = [
    `# Task stream ${options.tasks.map(md).join(' → ')}`,
    '',
    `\`${options.command.replace(/`/g, "'")}\``,
    '',
    STREAM_NOTE,
    '',
    ...oldDataNotes(options.summaries.map((s) => s.method)).flatMap((l) => [l, '']),
    table(
      HEADERS,
      rowsOf(options.summaries).map((r) => [md(r[0]!), ...r.slice(1)]),
    ),
    '',
    '![R per method](stream-r.svg)',
  ];
  for (const s of options.summaries) {
    parts.push('', `## ${md(s.method)}: R (row: after stage, column: task)`, '');
    parts.push(
      table(
        ['after', ...options.tasks.map(md)],
        s.meanR.map((row, i) => [md(options.tasks[i]!), ...row.map((x) => (x * 100).toFixed(1))]),
      ),
    );
  }
  return `${parts.join('\n')}\n`;
}

/** One heatmap of mean R per method, side by side (white 0 to dark blue 1); the cell text is the score x 100. */
export function renderStreamSvg(tasks: readonly string[], summaries: readonly StreamSummary[]): string {
  const cell = 44;
  const label = 84;
  const top = 52;
  const gap = 28;
  const t = tasks.length;
  const panel = label + t * cell;
  const width = summaries.length * (panel + gap) + gap;
  const height = top + t * cell + 16;
  const shade = (x: number): string => {
    const v = Math.min(1, Math.max(0, x));
    const mix = (a: number, b: number): number => Math.round(a + (b - a) * v);
    return `rgb(${mix(255, 8)},${mix(255, 48)},${mix(255, 107)})`;
  };
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
  ];
  summaries.forEach((s, k) => {
    const x0 = gap + k * (panel + gap);
    parts.push(`<g class="panel" data-method="${escapeXml(s.method)}">`);
    parts.push(`<text x="${x0 + label}" y="20" font-size="13" font-weight="bold">${escapeXml(s.method)} (${s.seeds} seeds)</text>`);
    tasks.forEach((task, j) =>
      parts.push(`<text x="${x0 + label + j * cell + cell / 2}" y="${top - 8}" text-anchor="middle">${escapeXml(task)}</text>`),
    );
    s.meanR.forEach((row, i) => {
      const y = top + i * cell;
      parts.push(`<text x="${x0 + label - 6}" y="${y + cell / 2 + 4}" text-anchor="end">after ${escapeXml(tasks[i]!)}</text>`);
      row.forEach((x, j) => {
        const cx = x0 + label + j * cell;
        parts.push(
          `<rect x="${cx}" y="${y}" width="${cell - 2}" height="${cell - 2}" fill="${shade(x)}"><title>${escapeXml(`${s.method}: ${tasks[j]} after ${tasks[i]}: ${(x * 100).toFixed(1)}`)}</title></rect>`,
        );
        parts.push(
          `<text x="${cx + cell / 2 - 1}" y="${y + cell / 2 + 3}" text-anchor="middle" fill="${x > 0.55 ? 'white' : 'black'}">${(x * 100).toFixed(0)}</text>`,
        );
      });
    });
    parts.push('</g>');
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** report.html of a stream run: the summary table (a row per method) and the heatmaps of R. */
export function renderStreamHtml(options: { tasks: readonly string[]; command: string; summaries: readonly StreamSummary[] }): string {
  const rows = rowsOf(options.summaries).map(
    (r) =>
      `<tr data-method="${escapeXml(r[0]!)}">${r.map((c, j) => (j === 0 ? `<th scope="row">${escapeXml(c)}</th>` : `<td>${escapeXml(c)}</td>`)).join('')}</tr>`,
  );
  return htmlPage(
    `lrdist: ${options.tasks.join(' -> ')}`,
    `<h1>lrdist task stream: ${escapeXml(options.tasks.join(' → '))}</h1>
<p class="note"><code>${escapeXml(options.command)}</code></p>
<table class="results">
<thead><tr>${HEADERS.map((h) => `<th>${h}</th>`).join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>
<p class="note">${escapeXml(STREAM_NOTE)}</p>
${oldDataNotes(options.summaries.map((s) => s.method))
  .map((l) => `<p class="note">${escapeXml(l)}</p>`)
  .join('')}
<figure id="stream-r">${renderStreamSvg(options.tasks, options.summaries)}</figure>`,
  );
}
