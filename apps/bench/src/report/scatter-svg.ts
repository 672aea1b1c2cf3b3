import { escapeXml as escape, OKABE_ITO } from '@lrdist/combine';

/** One point of the p_o / p_s plane. */
export interface ScatterPoint {
  readonly method: string;
  readonly seed: number;
  readonly pO: number;
  readonly pS: number;
}

/** Indices of the points not dominated in (p_o, p_s), both maximised. */
export function paretoFront(points: readonly { pO: number; pS: number }[]): number[] {
  return points.flatMap((p, i) => (points.some((q) => q.pO >= p.pO && q.pS >= p.pS && (q.pO > p.pO || q.pS > p.pS)) ? [] : [i]));
}

/**
 * p_o (what A kept) against p_s (what B learned), one colour per method, a small marker per seed
 * and a large one for the method's mean, with the Pareto front of the means as a dashed staircase:
 * up and to the right is better on both.
 */
export function renderScatterSvg(points: readonly ScatterPoint[], options: { title: string; methods: readonly string[] }): string {
  const width = 760;
  const height = 460;
  const m = { left: 64, right: 200, top: 48, bottom: 56 };
  const finite = points.filter((p) => Number.isFinite(p.pO) && Number.isFinite(p.pS));
  const pad = (lo: number, hi: number): [number, number] => {
    const span = Math.max(hi - lo, 0.02);
    return [lo - span * 0.08, hi + span * 0.08];
  };
  const [x0, x1] = pad(Math.min(...finite.map((p) => p.pO), 1), Math.max(...finite.map((p) => p.pO), 0));
  const [y0, y1] = pad(Math.min(...finite.map((p) => p.pS), 1), Math.max(...finite.map((p) => p.pS), 0));
  const x = (v: number): number => m.left + ((v - x0) / (x1 - x0)) * (width - m.left - m.right);
  const y = (v: number): number => height - m.bottom - ((v - y0) / (y1 - y0)) * (height - m.top - m.bottom);
  const colour = (method: string): string => OKABE_ITO[Math.max(0, options.methods.indexOf(method)) % OKABE_ITO.length]!;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="Helvetica, Arial, sans-serif" font-size="12" role="img" aria-label="${escape(options.title)}">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${m.left}" y="26" font-size="15" font-weight="bold">${escape(options.title)}</text>`,
  ];
  const ticks = (lo: number, hi: number): number[] => {
    const step = [0.01, 0.02, 0.05, 0.1, 0.2].find((s) => (hi - lo) / s <= 8) ?? 0.5;
    const first = Math.ceil(lo / step) * step;
    return Array.from({ length: Math.floor((hi - first) / step + 1e-9) + 1 }, (_, i) => first + i * step);
  };
  for (const t of ticks(x0, x1)) {
    out.push(`<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${m.top}" y2="${height - m.bottom}" stroke="#eee"/>`);
    out.push(`<text x="${x(t).toFixed(1)}" y="${height - m.bottom + 16}" text-anchor="middle">${(t * 100).toFixed(0)}</text>`);
  }
  for (const t of ticks(y0, y1)) {
    out.push(`<line x1="${m.left}" x2="${width - m.right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#eee"/>`);
    out.push(`<text x="${m.left - 8}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end">${(t * 100).toFixed(0)}</text>`);
  }
  out.push(
    `<rect x="${m.left}" y="${m.top}" width="${width - m.left - m.right}" height="${height - m.top - m.bottom}" fill="none" stroke="#333"/>`,
    `<text x="${(m.left + width - m.right) / 2}" y="${height - 16}" text-anchor="middle">p_o: original task after the second (x 100)</text>`,
    `<text transform="translate(18 ${(m.top + height - m.bottom) / 2}) rotate(-90)" text-anchor="middle">p_s: second task (x 100)</text>`,
  );
  const means = options.methods.flatMap((method) => {
    const mine = finite.filter((p) => p.method === method);
    if (mine.length === 0) return [];
    return [{ method, pO: mine.reduce((a, p) => a + p.pO, 0) / mine.length, pS: mine.reduce((a, p) => a + p.pS, 0) / mine.length }];
  });
  const front = paretoFront(means)
    .map((i) => means[i]!)
    .sort((a, b) => a.pO - b.pO);
  if (front.length > 0) {
    let d = `M${x(front[0]!.pO).toFixed(1)} ${y(y1).toFixed(1)}`;
    for (const p of front) d += ` L${x(p.pO).toFixed(1)} ${y(p.pS).toFixed(1)}`;
    d += ` L${x(x1).toFixed(1)} ${y(front.at(-1)!.pS).toFixed(1)}`;
    out.push(`<path class="pareto-front" d="${d}" fill="none" stroke="#555" stroke-dasharray="5 4"/>`);
  }
  for (const method of options.methods) {
    const c = colour(method);
    out.push(`<g class="series" data-method="${escape(method)}">`);
    for (const p of finite.filter((q) => q.method === method)) {
      out.push(
        `<circle cx="${x(p.pO).toFixed(1)}" cy="${y(p.pS).toFixed(1)}" r="4" fill="${c}" fill-opacity="0.55"><title>${escape(`${method}, seed ${p.seed}: p_o ${(p.pO * 100).toFixed(1)}, p_s ${(p.pS * 100).toFixed(1)}`)}</title></circle>`,
      );
    }
    const mean = means.find((q) => q.method === method);
    if (mean !== undefined) {
      out.push(
        `<rect x="${(x(mean.pO) - 6).toFixed(1)}" y="${(y(mean.pS) - 6).toFixed(1)}" width="12" height="12" fill="${c}" stroke="#000"><title>${escape(`${method} mean`)}</title></rect>`,
      );
    }
    out.push('</g>');
  }
  options.methods.forEach((method, i) => {
    const ly = m.top + 8 + i * 20;
    out.push(
      `<rect x="${width - m.right + 16}" y="${ly - 6}" width="12" height="12" fill="${colour(method)}" stroke="#000"/>`,
      `<text x="${width - m.right + 34}" y="${ly + 4}">${escape(method)}</text>`,
    );
  });
  const ly = m.top + 8 + options.methods.length * 20 + 10;
  out.push(
    `<line x1="${width - m.right + 12}" x2="${width - m.right + 32}" y1="${ly}" y2="${ly}" stroke="#555" stroke-dasharray="5 4"/>`,
    `<text x="${width - m.right + 38}" y="${ly + 4}">Pareto front of means</text>`,
    `<text x="${width - m.right + 16}" y="${ly + 24}" fill="#555">squares: mean; dots: seeds</text>`,
    '</svg>',
  );
  return `${out.join('\n')}\n`;
}
