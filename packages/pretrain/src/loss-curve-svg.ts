import { escapeXml as escape } from '@lrdist/combine';

/** A point of the training curve. */
export interface CurvePoint {
  step: number;
  loss: number;
}

/** Trailing moving average over `window` points (the raw per-step loss is too noisy to read). */
export function movingAverage(points: readonly CurvePoint[], window: number): CurvePoint[] {
  const out: CurvePoint[] = [];
  let sum = 0;
  for (let i = 0; i < points.length; i++) {
    sum += points[i]!.loss;
    if (i >= window) sum -= points[i - window]!.loss;
    out.push({ step: points[i]!.step, loss: sum / Math.min(i + 1, window) });
  }
  return out;
}

/**
 * The pretraining loss curve as a standalone SVG: training loss (moving average) and held-out loss
 * (markers) against the step, on a linear loss axis.
 */
export function renderLossCurveSvg(options: {
  train: readonly CurvePoint[];
  heldOut: readonly CurvePoint[];
  title: string;
  window?: number;
}): string {
  const width = 720;
  const height = 400;
  const m = { left: 64, right: 24, top: 48, bottom: 56 };
  const train = movingAverage(options.train, options.window ?? 25);
  const all = [...train, ...options.heldOut].filter((p) => Number.isFinite(p.loss));
  const maxStep = Math.max(1, ...all.map((p) => p.step));
  const lossMax = Math.ceil(Math.max(1, ...all.map((p) => p.loss)));
  const lossMin = Math.floor(Math.min(lossMax - 1, ...all.map((p) => p.loss)));
  const x = (step: number): number => m.left + (step / maxStep) * (width - m.left - m.right);
  const y = (loss: number): number => m.top + ((lossMax - loss) / (lossMax - lossMin)) * (height - m.top - m.bottom);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${m.left}" y="24" font-size="15" font-weight="bold">${escape(options.title)}</text>`,
  );
  const lossStep = lossMax - lossMin > 6 ? 2 : 1;
  for (let l = lossMin; l <= lossMax; l += lossStep) {
    parts.push(
      `<line x1="${m.left}" x2="${width - m.right}" y1="${y(l).toFixed(1)}" y2="${y(l).toFixed(1)}" stroke="#e5e5e5"/>`,
      `<text x="${m.left - 8}" y="${(y(l) + 4).toFixed(1)}" text-anchor="end">${l}</text>`,
    );
  }
  const stepTick = 10 ** Math.floor(Math.log10(maxStep)) / (maxStep / 10 ** Math.floor(Math.log10(maxStep)) < 3 ? 2 : 1);
  for (let s = 0; s <= maxStep; s += stepTick) {
    parts.push(`<text x="${x(s).toFixed(1)}" y="${height - m.bottom + 18}" text-anchor="middle">${s}</text>`);
  }
  parts.push(
    `<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${height - m.bottom}" stroke="#333"/>`,
    `<line x1="${m.left}" x2="${width - m.right}" y1="${height - m.bottom}" y2="${height - m.bottom}" stroke="#333"/>`,
    `<text x="${(m.left + width - m.right) / 2}" y="${height - 16}" text-anchor="middle">optimiser step</text>`,
    `<text transform="translate(18 ${(m.top + height - m.bottom) / 2}) rotate(-90)" text-anchor="middle">MLM loss (nats per masked token)</text>`,
  );
  if (train.length > 0) {
    const d = train.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.step).toFixed(1)} ${y(p.loss).toFixed(1)}`).join(' ');
    parts.push(`<path class="series train" d="${d}" fill="none" stroke="#0072B2" stroke-width="1.8"/>`);
  }
  for (const p of options.heldOut) {
    parts.push(`<circle class="series held-out" cx="${x(p.step).toFixed(1)}" cy="${y(p.loss).toFixed(1)}" r="4" fill="#D55E00"/>`);
  }
  const lx = width - m.right - 230;
  parts.push(
    `<line x1="${lx}" x2="${lx + 24}" y1="${m.top + 6}" y2="${m.top + 6}" stroke="#0072B2" stroke-width="1.8"/>`,
    `<text x="${lx + 30}" y="${m.top + 10}">training (moving average)</text>`,
    `<circle cx="${lx + 12}" cy="${m.top + 24}" r="4" fill="#D55E00"/>`,
    `<text x="${lx + 30}" y="${m.top + 28}">held out (2% of glosses)</text>`,
    '</svg>',
  );
  return `${parts.join('\n')}\n`;
}
