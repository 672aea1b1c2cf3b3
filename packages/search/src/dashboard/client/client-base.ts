/**
 * The page script's helpers (browser JavaScript, sent as text): DOM and SVG builders that only ever
 * set text through `textContent` and attributes through `setAttribute` (never HTML parsing), number
 * formats, linear and log scales, axes. Written without backticks or `${` so that it stays plain
 * text inside this template.
 */
export const CLIENT_BASE = String.raw`
const SVG_NS = 'http://www.w3.org/2000/svg';

/** An HTML element; attrs.text becomes its textContent, on* attrs are listeners. */
function h(tag, attrs, children) {
  return decorate(document.createElement(tag), attrs, children);
}

/** An SVG element, same conventions as h(). */
function s(tag, attrs, children) {
  return decorate(document.createElementNS(SVG_NS, tag), attrs, children);
}

function decorate(e, attrs, children) {
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'text') e.textContent = String(v);
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, String(v));
    }
  }
  if (children) for (const c of children) if (c !== null && c !== undefined && c !== false) e.append(c);
  return e;
}

/** A tooltip for an SVG shape. */
function tip(shape, text) {
  shape.append(s('title', { text: text }));
  return shape;
}

/** Reports arrive as numbers, or as the strings NaN / Infinity / -Infinity. */
function num(v) {
  return typeof v === 'string' ? Number(v) : v;
}

/** A value for a table cell or a tooltip. */
function fmt(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return String(v);
    if (Number.isInteger(v) && Math.abs(v) < 1e7) return String(v);
    const a = Math.abs(v);
    if (a < 1e-3 || a >= 1e7) return v.toExponential(3).replace(/\.?0+e/, 'e');
    return String(Number(v.toPrecision(5)));
  }
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** A param or attribute value: like fmt, but a stored null shows as null (a missing one stays blank). */
function fmtValue(v) {
  return v === null ? 'null' : fmt(v);
}

/** A shorter number for axis ticks. */
function fmtTick(v) {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e6) {
    const e = Math.floor(Math.log10(a) + 1e-9);
    const m = v / Math.pow(10, e);
    return (Math.abs(Math.abs(m) - 1) < 1e-9 ? (m < 0 ? '-' : '') : String(Number(m.toPrecision(2))) + '×') + '1e' + e;
  }
  return String(Number(v.toPrecision(3)));
}

function fmtDuration(ms) {
  if (ms === null || ms === undefined) return '';
  const sec = ms / 1000;
  if (sec < 60) return sec.toFixed(1) + ' s';
  const min = Math.floor(sec / 60);
  if (min < 60) return min + ' min ' + Math.round(sec - 60 * min) + ' s';
  const hr = Math.floor(min / 60);
  return hr + ' h ' + (min - 60 * hr) + ' min';
}

/** Truncates a label, keeping the start. */
function clip(text, max) {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}

/** Finite min and max of values, [0, 1] when there are none. */
function extent(values) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [0, 1];
}

/** Widens [lo, hi] by a fraction of its span (or of its magnitude when it is a point). */
function pad(range, frac) {
  const d = range[1] - range[0] || Math.abs(range[1]) || 1;
  return [range[0] - d * frac, range[1] + d * frac];
}

/** Round tick values covering [lo, hi], about n of them. */
function niceTicks(lo, hi, n) {
  const raw = (hi - lo) / Math.max(1, n);
  if (!(raw > 0) || !Number.isFinite(raw)) return [lo];
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const r = raw / mag;
  const step = mag * (r < 1.5 ? 1 : r < 3 ? 2 : r < 7 ? 5 : 10);
  const out = [];
  for (let i = Math.ceil(lo / step - 1e-9); i * step <= hi + step * 1e-9; i++) out.push(Number((i * step).toPrecision(12)));
  return out;
}

/**
 * Maps [lo, hi] onto [r0, r1], in log10 space when log is set; f.ticks(n) gives round values
 * (powers of ten on log scales spanning a decade or more).
 */
function scale(lo, hi, r0, r1, log) {
  let a = log ? Math.log10(lo) : lo;
  let b = log ? Math.log10(hi) : hi;
  if (!(b > a)) {
    const d = log ? 0.5 : Math.abs(a) * 0.1 || 0.5;
    a -= d;
    b += d;
  }
  const f = (v) => r0 + (((log ? Math.log10(v) : v) - a) / (b - a)) * (r1 - r0);
  f.ticks = (n) => {
    if (!log) return niceTicks(a, b, n);
    if (b - a < 1.5) return niceTicks(Math.pow(10, a), Math.pow(10, b), n).filter((t) => t > 0);
    const every = Math.max(1, Math.ceil((b - a) / n));
    const out = [];
    for (let e = Math.ceil(a - 1e-9); e <= b + 1e-9; e += every) out.push(Math.pow(10, e));
    return out;
  };
  return f;
}

/** An SVG chart of a given size in its own units (it scales to the panel's width). */
function chart(w, hgt, label) {
  const svg = s('svg', { viewBox: '0 0 ' + w + ' ' + hgt, class: 'chart', role: 'img', 'aria-label': label });
  svg.dataset.width = String(w);
  return svg;
}

/** Horizontal axis at y from x0 to x1, with ticks and a label below. */
function axisX(svg, sc, ticks, y, x0, x1, label, format) {
  svg.append(s('line', { x1: x0, x2: x1, y1: y, y2: y, class: 'axis' }));
  for (const t of ticks) {
    const x = sc(t);
    if (x < x0 - 0.5 || x > x1 + 0.5) continue;
    svg.append(s('line', { x1: x, x2: x, y1: y, y2: y + 4, class: 'axis' }));
    svg.append(s('text', { x: x, y: y + 16, 'text-anchor': 'middle', class: 'tick', text: (format || fmtTick)(t) }));
  }
  if (label) svg.append(s('text', { x: (x0 + x1) / 2, y: y + 34, 'text-anchor': 'middle', class: 'label', text: label }));
}

/** Vertical axis at x from y0 (bottom) to y1 (top), with ticks, grid lines to gridTo and a rotated label. */
function axisY(svg, sc, ticks, x, y0, y1, label, gridTo) {
  svg.append(s('line', { x1: x, x2: x, y1: y0, y2: y1, class: 'axis' }));
  for (const t of ticks) {
    const y = sc(t);
    if (y > y0 + 0.5 || y < y1 - 0.5) continue;
    if (gridTo !== undefined) svg.append(s('line', { x1: x, x2: gridTo, y1: y, y2: y, class: 'grid' }));
    svg.append(s('line', { x1: x - 4, x2: x, y1: y, y2: y, class: 'axis' }));
    svg.append(s('text', { x: x - 6, y: y + 4, 'text-anchor': 'end', class: 'tick', text: fmtTick(t) }));
  }
  if (label) {
    const mid = (y0 + y1) / 2;
    svg.append(s('text', { x: 0, y: 0, transform: 'translate(14 ' + mid + ') rotate(-90)', 'text-anchor': 'middle', class: 'label', text: label }));
  }
}

/** A row of legend entries [{ cls, text, shape: 'dot' | 'line' }] at (x, y), right-aligned when anchorEnd. */
function legend(svg, x, y, entries) {
  let at = x;
  for (const e of entries) {
    const g = s('g', { class: 'legend' });
    if (e.shape === 'line') g.append(s('line', { x1: at, x2: at + 16, y1: y - 4, y2: y - 4, class: e.cls }));
    else g.append(s('circle', { cx: at + 8, cy: y - 4, r: 4, class: e.cls }));
    g.append(s('text', { x: at + 21, y: y, class: 'tick', text: e.text }));
    svg.append(g);
    at += 30 + e.text.length * 6.2;
  }
}

/**
 * The drawing width of a chart in a panel, matching the CSS grid (columns of at least 520px, 16px
 * gaps, 30px of panel padding and border), so that charts are drawn 1:1 and text keeps its size.
 */
function panelWidth(wide) {
  const main = document.getElementById('study');
  const avail = main.clientWidth - 40;
  const cols = wide ? 1 : Math.max(1, Math.floor((avail + 16) / (520 + 16)));
  return Math.max(320, Math.floor((avail - (cols - 1) * 16) / cols - 30));
}

/** A note in place of a chart. */
function empty(text) {
  return h('p', { class: 'empty', text: text });
}

/** Objective label: "value" for one objective, "value k" otherwise, with its direction. */
function objectiveLabel(study, k) {
  const name = study.directions.length === 1 ? 'value' : 'value ' + k;
  return name + ' (' + (study.directions[k] === 'maximize' ? 'max' : 'min') + ')';
}
`;
