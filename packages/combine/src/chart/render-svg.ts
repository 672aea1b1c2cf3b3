import { InvalidOptionError, describeValue } from '../errors.js';
import type { LrDistribution } from '../distribution/lr-distribution.js';
import type { GroupSpec } from '../groups/group-spec.js';
import type { ChartSeries } from './chart-series.js';
import { formatLr, shortGroupLabel, toSeries } from './chart-series.js';
import type { LogTick } from './log-axis.js';
import { logDomain, logTicks } from './log-axis.js';
import { MARKERS, OKABE_ITO, markerSvg } from './palette.js';
import { escapeXml } from './xml.js';

/** Options of `renderDistributionsSvg`. */
export interface SvgChartOptions {
  /** Title above the plot; default `Learning-rate distributions`; `''` for none. */
  readonly title?: string;
  /** Smaller line under the title; default none. */
  readonly subtitle?: string;
  /** Width in px; default 880. */
  readonly width?: number;
  /** Height in px; default 520. */
  readonly height?: number;
  /** Groups labelled on the depth axis; default the groups of the first series. */
  readonly axisGroups?: readonly GroupSpec[];
  /** Depth-axis label of a group; default the paper's short names (`emb`, `L0-1`, `head`). */
  readonly groupLabel?: (name: string) => string;
  /** Draw the geometric-SD bands of series that have one; default true. */
  readonly bands?: boolean;
  /** Prefix of the ids inside the SVG, so several charts can share a page; default derived from the content. */
  readonly idPrefix?: string;
}

const FONT = "Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif";
const r2 = (v: number): string => (Math.round(v * 100) / 100).toString();
const SUPERSCRIPT_MINUS = '\u2212';

function hash(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}

function tickLabel(tick: LogTick, x: number, y: number): string {
  const exp = tick.exponent < 0 ? `${SUPERSCRIPT_MINUS}${-tick.exponent}` : String(tick.exponent);
  const base = tick.mantissa === 1 ? '10' : `${tick.mantissa}\u00d710`;
  return (
    `<text x="${r2(x)}" y="${r2(y)}" text-anchor="end" dominant-baseline="middle">${base}` +
    `<tspan dy="-0.55em" font-size="0.72em">${exp}</tspan></text>`
  );
}

function checkSize(name: string, value: number, min: number): void {
  if (!Number.isFinite(value) || value < min) {
    throw new InvalidOptionError(name, `\`${name}\` must be a number >= ${min}, got ${describeValue(value)}`);
  }
}

/** Extent of every LR and band edge drawn. */
function lrExtent(series: readonly ChartSeries[], bands: boolean): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    const withBand = bands && s.band !== false;
    for (const g of s.distribution.groups) {
      lo = Math.min(lo, withBand && g.band ? g.band.lower : g.lr);
      hi = Math.max(hi, withBand && g.band ? g.band.upper : g.lr);
    }
  }
  return [lo, hi];
}

/**
 * A standalone SVG chart of one or several distributions: learning rate on a log scale over relative
 * depth, one line with markers per distribution, its geometric-SD band shaded, group names on the
 * depth axis, a legend, Okabe-Ito colours with distinct marker shapes. No scripts, no external fonts.
 */
export function renderDistributionsSvg(distributions: readonly (LrDistribution | ChartSeries)[], options: SvgChartOptions = {}): string {
  const series = toSeries(distributions);
  const width = options.width ?? 880;
  const height = options.height ?? 520;
  checkSize('width', width, 320);
  checkSize('height', height, 240);
  const title = options.title ?? 'Learning-rate distributions';
  const subtitle = options.subtitle ?? '';
  const drawBands = options.bands ?? true;
  const labelOf = options.groupLabel ?? shortGroupLabel;
  const axisGroups = options.axisGroups ?? (series[0] as ChartSeries).distribution.specs;
  const id = options.idPrefix ?? `lrd-${hash(title + series.map((s) => s.label + s.distribution.lrs.join()).join('|'))}`;

  // Legend to the right of the plot, as wide as its longest label needs.
  const longest = Math.max(...series.map((s) => s.label.length), 16);
  const legendWidth = Math.min(300, Math.max(150, longest * 6.6 + 48));
  const anyBand = drawBands && series.some((s) => s.band !== false && s.distribution.hasBand);

  const left = 84;
  const right = width - legendWidth - 24;
  const top = (title ? 52 : 20) + (subtitle ? 18 : 0);
  const xPad = 0.025;
  const xOf = (depth: number): number => left + ((depth + xPad) / (1 + 2 * xPad)) * (right - left);

  const labels = axisGroups.map((g) => labelOf(g.name));
  let minGap = Infinity;
  for (let i = 1; i < axisGroups.length; i++) {
    minGap = Math.min(minGap, xOf((axisGroups[i] as GroupSpec).depth) - xOf((axisGroups[i - 1] as GroupSpec).depth));
  }
  const widest = Math.max(...labels.map((l) => l.length)) * 6.4 + 6;
  const rotate = widest > minGap;
  const labelDrop = rotate ? Math.min(60, widest * 0.64) + 8 : 18;
  const bottom = height - labelDrop - 44;

  const [lo, hi] = lrExtent(series, drawBands);
  const [a, b] = logDomain(lo, hi);
  const yOf = (lr: number): number => bottom - ((Math.log10(lr) - a) / (b - a)) * (bottom - top);

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `role="img" aria-labelledby="${id}-title ${id}-desc" font-family="${escapeXml(FONT)}" font-size="12">`,
  );
  out.push(`<title id="${id}-title">${escapeXml(title || 'Learning-rate distributions')}</title>`);
  out.push(
    `<desc id="${id}-desc">${escapeXml(
      `Learning rate (log scale) over relative depth for ${series.length} distribution(s): ${series.map((s) => s.label).join('; ')}.`,
    )}</desc>`,
  );
  out.push(
    `<defs><clipPath id="${id}-plot"><rect x="${left}" y="${r2(top)}" width="${r2(right - left)}" height="${r2(bottom - top)}"/></clipPath></defs>`,
  );
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  if (title) out.push(`<text x="${left}" y="30" font-size="17" font-weight="600" fill="#222222">${escapeXml(title)}</text>`);
  if (subtitle) out.push(`<text x="${left}" y="${title ? 50 : 32}" font-size="12" fill="#555555">${escapeXml(subtitle)}</text>`);

  // Grid and y axis.
  const ticks = logTicks(a, b);
  out.push('<g class="y-axis">');
  for (const t of ticks) {
    const y = yOf(t.value);
    if (t.major) {
      out.push(`<line x1="${left}" x2="${r2(right)}" y1="${r2(y)}" y2="${r2(y)}" stroke="#e3e3e3" stroke-width="1"/>`);
      out.push(`<line x1="${left - 6}" x2="${left}" y1="${r2(y)}" y2="${r2(y)}" stroke="#333333"/>`);
      out.push(tickLabel(t, left - 10, y));
    } else {
      out.push(`<line x1="${left - 3}" x2="${left}" y1="${r2(y)}" y2="${r2(y)}" stroke="#777777"/>`);
    }
  }
  out.push(
    `<text transform="translate(20 ${r2((top + bottom) / 2)}) rotate(-90)" text-anchor="middle" font-size="13" fill="#222222">learning rate (log scale)</text>`,
  );
  out.push('</g>');

  // Depth axis: one tick per named group.
  out.push('<g class="x-axis">');
  axisGroups.forEach((g, i) => {
    const x = xOf(g.depth);
    out.push(`<line x1="${r2(x)}" x2="${r2(x)}" y1="${r2(top)}" y2="${r2(bottom)}" stroke="#f0f0f0" stroke-width="1"/>`);
    out.push(`<line x1="${r2(x)}" x2="${r2(x)}" y1="${r2(bottom)}" y2="${r2(bottom + 6)}" stroke="#333333"/>`);
    const label = escapeXml(labels[i] as string);
    out.push(
      rotate
        ? `<text x="${r2(x)}" y="${r2(bottom + 12)}" text-anchor="end" dominant-baseline="hanging" transform="rotate(-40 ${r2(x)} ${r2(bottom + 12)})">${label}</text>`
        : `<text x="${r2(x)}" y="${r2(bottom + 10)}" text-anchor="middle" dominant-baseline="hanging">${label}</text>`,
    );
  });
  out.push(
    `<text x="${r2((left + right) / 2)}" y="${r2(bottom + labelDrop + 26)}" text-anchor="middle" font-size="13" fill="#222222">relative depth (embeddings 0 \u2192 head 1)</text>`,
  );
  out.push('</g>');
  out.push(`<path d="M${left} ${r2(top)}V${r2(bottom)}H${r2(right)}" fill="none" stroke="#333333" stroke-width="1"/>`);

  const colorOf = (i: number): string => OKABE_ITO[i % OKABE_ITO.length] as string;
  const markerOf = (i: number) => MARKERS[i % MARKERS.length] as (typeof MARKERS)[number];

  // Bands under every line, lines under every marker.
  const bandLayer: string[] = [];
  const lineLayer: string[] = [];
  const markerLayer: string[] = [];
  series.forEach((s, i) => {
    const d = s.distribution;
    const color = colorOf(i);
    const points = d.groups.map((g) => `${r2(xOf(g.depth))},${r2(yOf(g.lr))}`).join(' ');
    if (drawBands && s.band !== false && d.hasBand) {
      const upper = d.groups.map((g) => `${r2(xOf(g.depth))},${r2(yOf(g.band?.upper ?? g.lr))}`);
      const lower = d.groups.map((g) => `${r2(xOf(g.depth))},${r2(yOf(g.band?.lower ?? g.lr))}`).reverse();
      bandLayer.push(
        `<polygon class="band" data-series="${i}" points="${[...upper, ...lower].join(' ')}" fill="${color}" fill-opacity="0.16" stroke="${color}" stroke-opacity="0.35" stroke-width="0.8"/>`,
      );
    }
    lineLayer.push(
      `<polyline class="line" data-series="${i}" points="${points}" fill="none" stroke="${color}" stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/>`,
    );
    const marks = d.groups.map((g) => {
      const tip = `${s.label} \u2014 ${g.name}: ${formatLr(g.lr)}${g.band ? ` (\u00d7/\u00f7 ${g.band.gsd.toFixed(2)})` : ''}`;
      return `<g><title>${escapeXml(tip)}</title>${markerSvg(markerOf(i), xOf(g.depth), yOf(g.lr), 4.2, color)}</g>`;
    });
    markerLayer.push(`<g class="markers" data-series="${i}">${marks.join('')}</g>`);
  });
  out.push(`<g clip-path="url(#${id}-plot)">${bandLayer.join('')}</g>`);
  series.forEach((s, i) => {
    out.push(`<g class="series" data-series="${i}" data-label="${escapeXml(s.label)}">${lineLayer[i]}${markerLayer[i]}</g>`);
  });

  // Legend.
  const lx = right + 22;
  let ly = top + 6;
  out.push('<g class="legend">');
  series.forEach((s, i) => {
    const color = colorOf(i);
    const cy = ly + 8;
    if (drawBands && s.band !== false && s.distribution.hasBand) {
      out.push(`<rect x="${r2(lx)}" y="${r2(cy - 7)}" width="30" height="14" fill="${color}" fill-opacity="0.16"/>`);
    }
    out.push(`<line x1="${r2(lx)}" x2="${r2(lx + 30)}" y1="${r2(cy)}" y2="${r2(cy)}" stroke="${color}" stroke-width="2"/>`);
    out.push(markerSvg(markerOf(i), lx + 15, cy, 4.2, color));
    out.push(`<text x="${r2(lx + 40)}" y="${r2(cy)}" dominant-baseline="middle" fill="#222222">${escapeXml(s.label)}</text>`);
    ly += 24;
  });
  if (anyBand) {
    out.push(`<text x="${r2(lx)}" y="${r2(ly + 10)}" font-size="11" fill="#555555">shaded: \u00d7/\u00f7 geometric SD</text>`);
  }
  out.push('</g>');
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
