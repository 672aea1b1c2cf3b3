import { join } from 'node:path';
import { escapeXml as escapeHtml, escapeMarkdownCell as md, renderDistributionsSvg } from '@lrdist/combine';
import { writeFileAtomic } from '@lrdist/model';
import type { MethodPlan } from '@lrdist/protocol';
import type { CellResult, ResultsFile } from '../results/schemas.js';
import { majorityScores, oldDataNotes, summarizeMethods, type MethodSummary } from './method-summary.js';
import { renderMarkdownTable, tableRows, TABLE_HEADERS } from './results-table.js';
import { renderScatterSvg, type ScatterPoint } from './scatter-svg.js';

/** What a report shows besides the raw results. */
export interface ReportInput {
  readonly results: ResultsFile;
  readonly plans: readonly MethodPlan[];
  /** e.g. `sst2 -> mrpc`. */
  readonly pair: string;
  /** Setup lines (label, value) shown above the tables. */
  readonly setup: readonly (readonly [string, string])[];
}

const COLUMN_NOTES =
  'p_a: A on its test set right after A; p_o: A after B; p_s: B after B; forgetting = p_a - p_o; all in the ' +
  "task's GLUE headline metric x 100, with accuracy of A after B (acc_o) and of B (acc_s) beside; mlm: held-out " +
  'masked-LM loss before A → after A → after B (pretrained knowledge; lower is better); one class o/s: cells whose model ' +
  "predicted a single class for all of A's test set after B / of B's (a comparison where both sides did that is no win). " +
  'Mean ± 95% t-interval over seeds; test = GLUE dev.';

/** The majority-class scores, when the results record them: the floor every method must clear. */
function majorityLine(cells: readonly CellResult[]): string[] {
  const m = majorityScores(cells);
  if (m.a === null && m.b === null) return [];
  const pct = (x: number | null) => (x === null ? 'n/a' : (x * 100).toFixed(1));
  return [`Majority class (a constant prediction of the most frequent label): A ${pct(m.a)}, B ${pct(m.b)}.`, ''];
}

const mlmCell = (c: CellResult): string =>
  c.mlm?.afterB === undefined ? '' : [c.mlm.beforeA, c.mlm.afterA, c.mlm.afterB].map((f) => f?.loss.toFixed(3) ?? '?').join(' → ');

function pieces(input: ReportInput): { summaries: MethodSummary[]; scatter: string; distributions: string } {
  const order = input.plans.map((p) => p.name);
  const summaries = summarizeMethods(input.results.cells, order);
  const points: ScatterPoint[] = input.results.cells.flatMap((c) =>
    c.status === 'complete' && c.pO !== undefined && c.pS !== undefined
      ? [{ method: c.method, seed: c.seed, pO: c.pO.headline, pS: c.pS.headline }]
      : [],
  );
  const scatter = renderScatterSvg(points, { title: `p_o against p_s, ${input.pair}`, methods: order });
  const distributions = renderDistributionsSvg(
    input.plans.map((p) => ({ label: p.name, distribution: p.distribution, band: false })),
    { title: 'Learning rates on task B', subtitle: 'per LR group, log scale' },
  );
  return { summaries, scatter, distributions };
}

/** report.md: setup, the results table, per-cell figures, and the charts as files beside it. */
export function renderReportMarkdown(input: ReportInput): string {
  const { summaries } = pieces(input);
  const cells = input.results.cells
    .slice()
    .sort((a, b) => a.method.localeCompare(b.method) || a.seed - b.seed)
    .map((c) =>
      c.status === 'complete'
        ? `| ${md(c.method)} | ${c.seed} | ${((c.pA?.headline ?? Number.NaN) * 100).toFixed(1)} | ${((c.pO?.headline ?? Number.NaN) * 100).toFixed(1)} | ${((c.pS?.headline ?? Number.NaN) * 100).toFixed(1)} | ${mlmCell(c)} | ${c.seconds.toFixed(0)} s |`
        : `| ${md(c.method)} | ${c.seed} | failed: ${md(c.error ?? 'unknown')} | | | | ${c.seconds.toFixed(0)} s |`,
    );
  return [
    // Names and paths come from the user (a model folder, the command line): text, never markup.
    `# lrdist forgetting benchmark: ${md(input.pair)}`,
    '',
    ...input.setup.map(([k, v]) => `- **${md(k)}**: ${md(v)}`),
    '',
    '## Results',
    '',
    renderMarkdownTable(summaries),
    '',
    ...majorityLine(input.results.cells),
    COLUMN_NOTES,
    '',
    ...oldDataNotes(input.plans.map((p) => p.name)).flatMap((l) => [l, '']),
    '![p_o against p_s](scatter.svg)',
    '',
    '![learning rates](distributions.svg)',
    '',
    '## Cells',
    '',
    '| method | seed | p_a | p_o | p_s | mlm 0 → A → B | time |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...cells,
    '',
  ].join('\n');
}

/** report.html: the same content on one self-contained page (inline SVG, no scripts, no network). */
export function renderReportHtml(input: ReportInput): string {
  const { summaries, scatter, distributions } = pieces(input);
  const rows = tableRows(summaries);
  const table = [
    '<table class="results">',
    `<thead><tr>${TABLE_HEADERS.map((h) => `<th>${h}</th>`).join('')}</tr></thead>`,
    '<tbody>',
    ...rows.map(
      (r) =>
        `<tr data-method="${escapeHtml(r[0]!)}">${r.map((c, j) => (j === 0 ? `<th scope="row">${escapeHtml(c)}</th>` : `<td>${escapeHtml(c)}</td>`)).join('')}</tr>`,
    ),
    '</tbody></table>',
  ].join('\n');
  return htmlPage(
    `lrdist: ${input.pair}`,
    `<h1>lrdist forgetting benchmark: ${escapeHtml(input.pair)}</h1>
<dl>
${input.setup.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('\n')}
</dl>
<h2>Results</h2>
${table}
${majorityLine(input.results.cells)
  .map((l) => (l === '' ? '' : `<p class="note">${escapeHtml(l)}</p>`))
  .join('')}
<p class="note">${escapeHtml(COLUMN_NOTES)}</p>
${oldDataNotes(input.plans.map((p) => p.name))
  .map((l) => `<p class="note">${escapeHtml(l)}</p>`)
  .join('')}
<figure id="scatter">${scatter}</figure>
<figure id="distributions">${distributions}</figure>`,
  );
}

/** A report page: the house style around `body` (trusted HTML: escape what goes into it). */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: Helvetica, Arial, sans-serif; margin: 2rem auto; max-width: 980px; color: #222; padding: 0 1rem; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { padding: 4px 10px; border-bottom: 1px solid #ddd; text-align: right; font-variant-numeric: tabular-nums; }
thead th, tbody th { text-align: left; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; }
dt { font-weight: bold; }
figure { margin: 1.5rem 0; overflow-x: auto; }
.note { color: #555; font-size: 0.9rem; }
</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** Writes report.md, report.html and the two charts into `dir`. */
export async function writeReports(dir: string, input: ReportInput): Promise<void> {
  const { scatter, distributions } = pieces(input);
  await writeFileAtomic(join(dir, 'scatter.svg'), scatter);
  await writeFileAtomic(join(dir, 'distributions.svg'), distributions);
  await writeFileAtomic(join(dir, 'report.md'), renderReportMarkdown(input));
  await writeFileAtomic(join(dir, 'report.html'), renderReportHtml(input));
}
