/**
 * The page script's charts (browser JavaScript, sent as text), each a function of the study JSON
 * returning an SVG (or a note): optimisation history, parallel coordinates, importance bars,
 * Pareto front, intermediate values. Uses the helpers of client-base.
 */
export const CLIENT_CHARTS = String.raw`
/** Chart width in CSS pixels, set from the panel's width before each render (see panelWidth). */
let W = 640;
const H = 300;
const M = { l: 66, r: 18, t: 26, b: 46 };

function completeTrials(study) {
  return study.trials.filter((t) => t.state === 'complete' && t.values !== null);
}

/** Objective k of each complete trial against its number, with the best value so far as a step line. */
function historyChart(study, k) {
  const done = completeTrials(study);
  if (done.length === 0) return empty('No complete trial yet.');
  const maximize = study.directions[k] === 'maximize';
  const x0 = M.l, x1 = W - M.r, y0 = H - M.b, y1 = M.t;
  const last = study.trials[study.trials.length - 1].number;
  const sx = scale(-0.5, Math.max(1, last) + 0.5, x0, x1, false);
  const yr = pad(extent(done.map((t) => t.values[k])), 0.06);
  const sy = scale(yr[0], yr[1], y0, y1, false);
  const svg = chart(W, H, 'optimisation history of ' + objectiveLabel(study, k));
  axisY(svg, sy, sy.ticks(5), x0, y0, y1, objectiveLabel(study, k), x1);
  axisX(svg, sx, sx.ticks(8).filter((t) => Number.isInteger(t) && t >= 0), y0, x0, x1, 'trial');
  let best = null;
  let d = '';
  for (const t of done) {
    const v = t.values[k];
    const improved = best === null || (maximize ? v > best : v < best);
    if (best === null) d = 'M' + sx(t.number) + ' ' + sy(v);
    else if (improved) d += ' H' + sx(t.number) + ' V' + sy(v);
    if (improved) best = v;
  }
  d += ' H' + x1;
  svg.append(s('path', { d: d, class: 'best-line' }));
  const bestSet = new Set(study.best);
  for (const t of done) {
    const dot = s('circle', { cx: sx(t.number), cy: sy(t.values[k]), r: bestSet.has(t.number) && study.directions.length === 1 ? 5 : 3.5, class: bestSet.has(t.number) ? 'dot best' : 'dot' });
    svg.append(tip(dot, 'trial ' + t.number + ': ' + fmt(t.values[k])));
  }
  legend(svg, x0 + 8, 16, [
    { cls: 'dot', text: 'complete trial', shape: 'dot' },
    { cls: 'dot best', text: study.directions.length === 1 ? 'best trial' : 'on the Pareto front', shape: 'dot' },
    { cls: 'best-line', text: 'best so far', shape: 'line' },
  ]);
  return svg;
}

/** A parallel-coordinates axis for a parameter: position of a value (null when absent) and tick labels. */
function paramAxis(p, top, bottom) {
  const d = p.distribution;
  if (d.kind === 'categorical') {
    const n = d.choices.length;
    const keys = d.choices.map((c) => JSON.stringify(c));
    const at = (i) => bottom + ((i + 0.5) / n) * (top - bottom);
    const every = Math.max(1, Math.ceil(n / 10));
    return {
      label: p.name,
      pos: (t) => {
        if (!Object.prototype.hasOwnProperty.call(t.params, p.name)) return null;
        const i = keys.indexOf(JSON.stringify(t.params[p.name]));
        return i < 0 ? null : at(i);
      },
      ticks: d.choices.map((c, i) => ({ y: at(i), text: i % every === 0 ? clip(fmtValue(c), 12) : '' })),
    };
  }
  const sc = scale(d.low, d.high, bottom, top, d.log);
  return {
    label: p.name,
    pos: (t) => {
      const v = t.params[p.name];
      return typeof v === 'number' && (!d.log || v > 0) ? sc(v) : null;
    },
    ticks: sc.ticks(4).map((v) => ({ y: sc(v), text: fmtTick(v) })),
  };
}

/** Blue (worse) to dark red (better) for u in [0, 1]. */
function ramp(u) {
  const a = [120, 160, 210];
  const b = [180, 30, 40];
  const c = a.map((x, i) => Math.round(x + (b[i] - x) * u));
  return 'rgb(' + c[0] + ',' + c[1] + ',' + c[2] + ')';
}

/** Every complete trial as a line through its params (on their scales) and its values (last axes). */
function parallelChart(study) {
  const done = completeTrials(study);
  if (done.length === 0) return empty('No complete trial yet.');
  const top = 50, bottom = H - 22;
  const axes = study.params.map((p) => paramAxis(p, top, bottom));
  study.directions.forEach((dir, k) => {
    const r = pad(extent(done.map((t) => t.values[k])), 0.02);
    const sc = scale(r[0], r[1], bottom, top, false);
    axes.push({ label: objectiveLabel(study, k), pos: (t) => sc(t.values[k]), ticks: sc.ticks(4).map((v) => ({ y: sc(v), text: fmtTick(v) })), value: true });
  });
  const left = 70;
  const right = 66;
  const w = Math.max(panelWidth(true), left + 120 * (axes.length - 1) + right);
  const svg = chart(w, H, 'parallel coordinates of the complete trials');
  // Many parameters: keep the axes readable and let the panel scroll sideways.
  svg.style.minWidth = w + 'px';
  const xOf = (i) => (axes.length === 1 ? w / 2 : left + (i * (w - left - right)) / (axes.length - 1));
  // Colour by objective 0, better is darker red; draw the better lines last, on top.
  const maximize = study.directions[0] === 'maximize';
  const vr = extent(done.map((t) => t.values[0]));
  const goodness = (t) => (vr[1] === vr[0] ? 1 : maximize ? (t.values[0] - vr[0]) / (vr[1] - vr[0]) : (vr[1] - t.values[0]) / (vr[1] - vr[0]));
  const bestSet = new Set(study.best);
  const lines = s('g', { class: 'pc-lines' });
  for (const t of done.slice().sort((a, b) => goodness(a) - goodness(b))) {
    let d = '';
    axes.forEach((a, i) => {
      const y = a.pos(t);
      if (y === null || !Number.isFinite(y)) return;
      d += (d === '' ? 'M' : ' L') + xOf(i).toFixed(1) + ' ' + y.toFixed(1);
    });
    const line = s('path', { d: d, class: bestSet.has(t.number) ? 'pc-line best' : 'pc-line', stroke: ramp(goodness(t)) });
    lines.append(tip(line, 'trial ' + t.number + ': ' + t.values.map(fmt).join(', ')));
  }
  svg.append(lines);
  axes.forEach((a, i) => {
    const x = xOf(i);
    // The last axis has its labels outside, on the right, away from the lines.
    const side = i === axes.length - 1 && axes.length > 1 ? 1 : -1;
    svg.append(s('line', { x1: x, x2: x, y1: bottom, y2: top, class: a.value ? 'axis value-axis' : 'axis' }));
    for (const t of a.ticks) {
      svg.append(s('line', { x1: x + 3 * side, x2: x, y1: t.y, y2: t.y, class: 'axis' }));
      if (t.text !== '') svg.append(s('text', { x: x + 5 * side, y: t.y + 3.5, 'text-anchor': side > 0 ? 'start' : 'end', class: 'tick halo', text: t.text }));
    }
    const name = s('text', { x: x, y: top - 12, 'text-anchor': 'middle', class: 'label', text: clip(a.label, 16) });
    svg.append(tip(name, a.label));
  });
  return svg;
}

/** Horizontal bars of each parameter's share of the variance of objective k (fANOVA). */
function importanceChart(study, entry) {
  const rows = entry.importances;
  if (rows.length === 0) return empty('No parameter to rank.');
  const rowH = 24;
  const labelW = 150;
  const hgt = 18 + rows.length * rowH;
  const svg = chart(W, hgt, 'parameter importance for ' + objectiveLabel(study, entry.objective));
  const max = Math.max(...rows.map((r) => r[1]), 1e-12);
  const sx = scale(0, max, labelW + 8, W - 70, false);
  rows.forEach((r, i) => {
    const y = 8 + i * rowH;
    svg.append(tip(s('text', { x: labelW, y: y + 15, 'text-anchor': 'end', class: 'label', text: clip(r[0], 22) }), r[0]));
    svg.append(tip(s('rect', { x: labelW + 8, y: y + 3, width: Math.max(1, sx(r[1]) - labelW - 8), height: rowH - 7, class: 'bar' }), r[0] + ': ' + (100 * r[1]).toFixed(1) + '%'));
    svg.append(s('text', { x: sx(r[1]) + 6, y: y + 15, class: 'tick', text: (100 * r[1]).toFixed(1) + '%' }));
  });
  return svg;
}

/** Two objectives of the complete trials, the non-dominated ones highlighted and joined. */
function paretoChart(study, a, b) {
  const done = completeTrials(study);
  if (done.length === 0) return empty('No complete trial yet.');
  const x0 = M.l, x1 = W - M.r, y0 = H - M.b, y1 = M.t;
  const xr = pad(extent(done.map((t) => t.values[a])), 0.06);
  const yr = pad(extent(done.map((t) => t.values[b])), 0.06);
  const sx = scale(xr[0], xr[1], x0, x1, false);
  const sy = scale(yr[0], yr[1], y0, y1, false);
  const svg = chart(W, H, 'Pareto front');
  axisY(svg, sy, sy.ticks(5), x0, y0, y1, objectiveLabel(study, b), x1);
  axisX(svg, sx, sx.ticks(7), y0, x0, x1, objectiveLabel(study, a));
  const front = new Set(study.best);
  const onFront = done.filter((t) => front.has(t.number)).sort((p, q) => p.values[a] - q.values[a] || p.values[b] - q.values[b]);
  if (study.directions.length === 2 && onFront.length > 1) {
    svg.append(s('path', { d: onFront.map((t, i) => (i === 0 ? 'M' : 'L') + sx(t.values[a]) + ' ' + sy(t.values[b])).join(' '), class: 'front-line' }));
  }
  for (const t of done.filter((t) => !front.has(t.number)).concat(onFront)) {
    const dot = s('circle', { cx: sx(t.values[a]), cy: sy(t.values[b]), r: front.has(t.number) ? 5 : 3.5, class: front.has(t.number) ? 'dot front' : 'dot dominated' });
    svg.append(tip(dot, 'trial ' + t.number + ': ' + t.values.map(fmt).join(', ') + (front.has(t.number) ? ' (on the front)' : '')));
  }
  legend(svg, x0 + 8, 16, [
    { cls: 'dot front', text: 'Pareto front (' + onFront.length + ')', shape: 'dot' },
    { cls: 'dot dominated', text: 'dominated', shape: 'dot' },
  ]);
  return svg;
}

const STATE_ORDER = ['complete', 'pruned', 'running', 'failed', 'waiting'];

/** Each trial's reports (first value) against the step; pruned trials end in a cross. */
function intermediateChart(study) {
  const reporting = study.trials.filter((t) => t.intermediate.length > 0);
  if (reporting.length === 0) return empty('No trial reported intermediate values.');
  const pts = (t) => t.intermediate.map((r) => [r.step, num(r.values[0])]).filter((p) => Number.isFinite(p[1]));
  const all = reporting.flatMap(pts);
  if (all.length === 0) return empty('Every intermediate value is NaN or infinite.');
  const x0 = M.l, x1 = W - M.r, y0 = H - M.b, y1 = M.t;
  const xr = pad(extent(all.map((p) => p[0])), 0.04);
  const sx = scale(xr[0], xr[1], x0, x1, false);
  const yr = pad(extent(all.map((p) => p[1])), 0.05);
  const sy = scale(yr[0], yr[1], y0, y1, false);
  const svg = chart(W, H, 'intermediate values');
  axisY(svg, sy, sy.ticks(5), x0, y0, y1, 'intermediate value', x1);
  axisX(svg, sx, sx.ticks(8).filter((t) => Number.isInteger(t)), y0, x0, x1, 'step');
  const counts = {};
  // Complete trials last, so they sit on top of the pruned ones they beat.
  const order = (t) => -STATE_ORDER.indexOf(t.state);
  for (const t of reporting.slice().sort((p, q) => order(p) - order(q))) {
    const p = pts(t);
    if (p.length === 0) continue;
    counts[t.state] = (counts[t.state] || 0) + 1;
    const label = 'trial ' + t.number + ' (' + t.state + ')';
    const g = s('g', { class: 'curve ' + t.state });
    g.append(tip(s('path', { d: p.map((q, i) => (i === 0 ? 'M' : 'L') + sx(q[0]).toFixed(1) + ' ' + sy(q[1]).toFixed(1)).join(' '), class: 'curve-line' }), label));
    const end = p[p.length - 1];
    const ex = sx(end[0]);
    const ey = sy(end[1]);
    if (t.state === 'pruned') g.append(tip(s('path', { d: 'M' + (ex - 4) + ' ' + (ey - 4) + ' L' + (ex + 4) + ' ' + (ey + 4) + ' M' + (ex - 4) + ' ' + (ey + 4) + ' L' + (ex + 4) + ' ' + (ey - 4), class: 'cross' }), label + ', pruned at step ' + end[0]));
    else if (p.length === 1) g.append(tip(s('circle', { cx: ex, cy: ey, r: 2.5, class: 'end' }), label));
    svg.append(g);
  }
  legend(svg, x0 + 8, 16, STATE_ORDER.filter((st) => counts[st]).map((st) => ({ cls: 'curve-key ' + st, text: st + ' (' + counts[st] + ')', shape: 'line' })));
  return svg;
}
`;
