import { describe, expect, it } from 'vitest';
import type { CellResult } from '../results/schemas.js';
import { renderStreamHtml, renderStreamMarkdown, renderStreamSvg, renderStreamTable, summarizeStreams } from './stream-report.js';

const tasks = ['sst2', 'mrpc'];
const cell = (method: string, seed: number, r: number[][], before = [0.5, 0.5]): CellResult => ({
  method,
  seed,
  status: 'complete',
  stream: { tasks, r, before },
  seconds: 1,
  finishedAt: '2026-12-06T00:00:00.000Z',
});

const cells: CellResult[] = [
  cell('flat', 0, [
    [0.8, 0.4],
    [0.6, 0.7],
  ]),
  cell('flat', 1, [
    [0.9, 0.5],
    [0.7, 0.8],
  ]),
  { method: 'flat', seed: 2, status: 'failed', error: 'NaN loss', seconds: 1, finishedAt: '2026-12-06T00:00:00.000Z' },
  cell('llrd', 0, [
    [0.8, 0.4],
    [0.8, 0.6],
  ]),
];

describe('stream reports', () => {
  it('averages R and the metrics over the complete seeds of each method', () => {
    const [flat, llrd] = summarizeStreams(cells, ['flat', 'llrd']);
    expect(flat!.seeds).toBe(2);
    const expectedR = [
      [0.85, 0.45],
      [0.65, 0.75],
    ];
    flat!.meanR.forEach((row, i) => row.forEach((x, j) => expect(x).toBeCloseTo(expectedR[i]![j]!, 12)));
    // ACC per seed 0.65 and 0.75; BWT -0.2 both; FWT 0.4 - 0.5 = -0.1 and 0.0.
    expect(flat!.averageAccuracy.mean).toBeCloseTo(0.7, 12);
    expect(flat!.backwardTransfer.mean).toBeCloseTo(-0.2, 12);
    expect(flat!.forwardTransfer.mean).toBeCloseTo(-0.05, 12);
    expect(flat!.averageForgetting.mean).toBeCloseTo(0.2, 12);
    expect(llrd!.seeds).toBe(1);
    expect(llrd!.backwardTransfer.mean).toBeCloseTo(0, 12);
  });

  it('renders the table, the Markdown report and one escaped heatmap per method', () => {
    const summaries = summarizeStreams(cells, ['flat', 'llrd']);
    const table = renderStreamTable(summaries);
    expect(table.split('\n')[0]).toMatch(/^method\s+seeds\s+ACC\s+BWT\s+FWT\s+forgetting$/);
    expect(table).toMatch(/flat\s+2\s+70\.0 ± /);
    const md = renderStreamMarkdown({ tasks, command: 'pnpm bench sequence --tasks sst2,mrpc', summaries });
    expect(md).toContain('# Task stream sst2 → mrpc');
    expect(md).toContain('| sst2 | 85.0 | 45.0 |');
    const svg = renderStreamSvg(['sst2', '<b>'], summaries);
    expect(svg.match(/<rect /g)).toHaveLength(8);
    expect(svg).toContain('&lt;b&gt;');
    expect(svg).not.toContain('<b>');
    const html = renderStreamHtml({ tasks, command: 'pnpm bench sequence --out "<x>"', summaries });
    expect(html).toMatch(/^<!doctype html>/);
    expect(html.match(/<tr data-method=/g)).toHaveLength(2);
    expect(html).toContain('&quot;&lt;x&gt;&quot;');
  });
});
