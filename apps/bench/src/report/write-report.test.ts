import { describe, expect, it } from 'vitest';
import { planMethods } from '@lrdist/protocol';
import type { CellResult, ResultsFile } from '../results/schemas.js';
import { summarizeMethods } from './method-summary.js';
import { renderTextTable } from './results-table.js';
import { paretoFront, renderScatterSvg } from './scatter-svg.js';
import { renderReportHtml, renderReportMarkdown } from './write-report.js';

const cell = (method: string, seed: number, pA: number, pO: number, pS: number): CellResult => ({
  method,
  seed,
  status: 'complete',
  pA: { headline: pA, metrics: { accuracy: pA } },
  pO: { headline: pO, metrics: { accuracy: pO } },
  pS: { headline: pS, metrics: { accuracy: pS } },
  mlm: { beforeA: { loss: 3.5, accuracy: 0.4 }, afterA: { loss: 3.75, accuracy: 0.35 }, afterB: { loss: 4 + seed / 10, accuracy: 0.3 } },
  seconds: 10,
  finishedAt: '2026-01-01T00:00:00.000Z',
});

const plans = planMethods({ methods: ['flat', 'llrd'], layers: 4, flatLr: 1e-4, llrdXi: 0.8, ewcLambda: 1, combined: null });
const results: ResultsFile = {
  format: 'lrdist.bench.results',
  version: 1,
  config: {},
  configHash: 'h',
  createdAt: 'x',
  updatedAt: 'x',
  environment: {},
  cells: [
    cell('flat', 0, 0.9, 0.8, 0.7),
    cell('flat', 1, 0.9, 0.82, 0.72),
    cell('flat', 2, 0.9, 0.84, 0.74),
    cell('llrd', 0, 0.9, 0.86, 0.7),
    { method: 'llrd', seed: 1, status: 'failed', error: 'loss became NaN at step 3', seconds: 1, finishedAt: 'x' },
  ],
};

describe('summaries and tables', () => {
  it('summarises per method with the t-interval and counts failures', () => {
    const [flat, llrd] = summarizeMethods(results.cells, ['flat', 'llrd']);
    expect(flat!.seeds).toBe(3);
    expect(Math.abs(flat!.pO.mean - 0.82)).toBeLessThan(1e-12);
    expect(Math.abs(flat!.forgetting.mean - 0.08)).toBeLessThan(1e-12);
    expect(llrd).toMatchObject({ seeds: 1, failed: 1 });
    const text = renderTextTable([flat!, llrd!]);
    expect(text).toContain('82.0 ± 5.0');
    expect(text).toContain('1 (+1 failed)');
    // The MLM path: before A and after A as means, after B with its interval (sd 0.1, t(2) 4.303).
    expect(text).toContain('3.50 → 3.75 → 4.10 ± 0.25');
  });

  it('counts the cells that predicted one class, and shows n/a where older results did not record it', () => {
    const collapsedCell = (seed: number, o: boolean, b: boolean): CellResult => {
      const c = cell('flat', seed, 0.9, 0.5, 0.68);
      return { ...c, pO: { ...c.pO!, majority: 0.51, collapsed: o }, pS: { ...c.pS!, majority: 0.684, collapsed: b } };
    };
    const [flat] = summarizeMethods(
      [collapsedCell(0, true, false), collapsedCell(1, true, true), collapsedCell(2, false, false)],
      ['flat'],
    );
    expect(flat).toMatchObject({ collapsedO: 2, collapsedS: 1 });
    expect(renderTextTable([flat!])).toMatch(/\s2\/1\s/);
    const [old] = summarizeMethods(results.cells, ['flat']);
    expect(old).toMatchObject({ collapsedO: null, collapsedS: null });
    expect(renderTextTable([old!])).toMatch(/\sn\/a\s/);
    const md = renderReportMarkdown({ results: { ...results, cells: [collapsedCell(0, true, false)] }, plans, pair: 'a -> b', setup: [] });
    expect(md).toContain('Majority class (a constant prediction of the most frequent label): A 51.0, B 68.4.');
    expect(renderReportMarkdown({ results, plans, pair: 'a -> b', setup: [] })).not.toContain('Majority class');
  });

  it('finds the Pareto front of (p_o, p_s)', () => {
    expect(
      paretoFront([
        { pO: 1, pS: 1 },
        { pO: 2, pS: 0 },
        { pO: 0.5, pS: 0.5 },
        { pO: 1, pS: 1 },
      ]),
    ).toEqual([0, 1, 3]);
  });
});

describe('reports', () => {
  const input = { results, plans, pair: 'sst2 -> mrpc', setup: [['model', 'mini & <friends>'] as const] };

  it('renders Markdown with the table, the cells (failed ones with their reason) and the charts', () => {
    const md = renderReportMarkdown(input);
    expect(md).toContain('# lrdist forgetting benchmark: sst2 -> mrpc');
    expect(md).toContain('| flat | 3 |');
    expect(md).toContain('failed: loss became NaN at step 3');
    expect(md).toContain('| flat | 1 | 90.0 | 82.0 | 72.0 | 3.500 → 3.750 → 4.100 | 10 s |');
    expect(md).toContain('![p_o against p_s](scatter.svg)');
  });

  it('escapes names in Markdown: a model path, a failure reason or a method cannot open a tag or break a table row', () => {
    const hostile = {
      ...input,
      setup: [['model', 'models/<script>alert(1)</script>|x'] as const],
      results: {
        ...results,
        cells: [
          ...results.cells,
          { method: 'flat', seed: 9, status: 'failed' as const, error: 'bad <img src=x> | row\nnext', seconds: 1, finishedAt: 'x' },
        ],
      },
    };
    const md = renderReportMarkdown(hostile);
    expect(md).not.toMatch(/<script|<img/);
    expect(md).toContain('- **model**: models/&lt;script>alert(1)&lt;/script>\\|x');
    expect(md).toContain('| flat | 9 | failed: bad &lt;img src=x> \\| row next | | | | 1 s |');
    expect(renderReportMarkdown(input)).toContain('- **model**: mini &amp; &lt;friends>');
  });

  it('renders one self-contained HTML page with a row and a scatter series per method, escaped', () => {
    const html = renderReportHtml(input);
    expect(html.match(/<tr data-method=/g)).toHaveLength(2);
    expect(html.match(/<g class="series" data-method=/g)).toHaveLength(2);
    expect(html).toContain('mini &amp; &lt;friends&gt;');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });

  it('escapes quotes and apostrophes in the HTML page, so a value cannot end an attribute', () => {
    const html = renderReportHtml({ ...input, setup: [['model', `a"b' onload="x`] as const] });
    expect(html).toContain('<dd>a&quot;b&apos; onload=&quot;x</dd>');
    expect(html).not.toContain('onload="');
  });

  it('draws a scatter with one mean marker per method that has points', () => {
    const svg = renderScatterSvg([{ method: 'flat', seed: 0, pO: 0.8, pS: 0.7 }], { title: 't', methods: ['flat', 'llrd'] });
    expect(svg.match(/<title>flat mean<\/title>/g)).toHaveLength(1);
    expect(svg.match(/<svg/g)).toHaveLength(1);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
  });
});
