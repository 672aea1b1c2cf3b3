import type { LrDistribution } from '../distribution/lr-distribution.js';
import { scale } from '../distribution/scale.js';
import type { ChartSeries } from './chart-series.js';
import { formatLr, toSeries } from './chart-series.js';
import { escapeMarkdownCell } from './markdown.js';

/** Options of `renderDistributionsMarkdown`. */
export interface MarkdownTableOptions {
  /** Show each group's band as `x/÷ gsd` after its LR; default true. */
  readonly bands?: boolean;
  /** Add a last row with each distribution's scale (geometric mean); default true. */
  readonly scaleRow?: boolean;
}

const cell = escapeMarkdownCell;

/**
 * A Markdown table of one or several distributions: one row per group (the union over the series,
 * by depth), one column per distribution, LRs to three significant digits.
 */
export function renderDistributionsMarkdown(
  distributions: readonly (LrDistribution | ChartSeries)[],
  options: MarkdownTableOptions = {},
): string {
  const series = toSeries(distributions);
  const bands = options.bands ?? true;
  const rows = new Map<string, { name: string; depth: number }>();
  for (const s of series) {
    for (const g of s.distribution.groups) rows.set(`${g.depth}|${g.name}`, { name: g.name, depth: g.depth });
  }
  const ordered = [...rows.values()].sort((x, y) => x.depth - y.depth || x.name.localeCompare(y.name));
  const lines = [
    `| group | depth | ${series.map((s) => cell(s.label)).join(' | ')} |`,
    `| --- | ---: | ${series.map(() => '---:').join(' | ')} |`,
  ];
  for (const row of ordered) {
    const cells = series.map((s) => {
      const g = s.distribution.groups.find((x) => x.name === row.name && x.depth === row.depth);
      if (g === undefined) return '\u2014';
      return bands && g.band !== undefined ? `${formatLr(g.lr)} \u00d7/\u00f7 ${g.band.gsd.toFixed(2)}` : formatLr(g.lr);
    });
    lines.push(`| ${cell(row.name)} | ${row.depth.toFixed(3)} | ${cells.join(' | ')} |`);
  }
  if (options.scaleRow ?? true) {
    lines.push(`| *scale* | | ${series.map((s) => `*${formatLr(scale(s.distribution))}*`).join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}
