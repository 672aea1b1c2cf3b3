/**
 * The page script's application (browser JavaScript, sent as text): the study list, the study view
 * (header, chart panels, sortable trial table) and the polling loop that keeps both live. Each poll
 * asks for the study list and the selected study; the ETag tells whether anything changed, and
 * only a change redraws.
 */
export const CLIENT_APP = String.raw`
const REFRESH_MS = Number(document.body.dataset.refreshMs) || 1500;
const ui = {
  selected: readHash(),
  list: null,
  listTag: null,
  study: null,
  studyTag: null,
  missing: false,
  sort: { key: 'number', dir: 1 },
  pareto: [0, 1],
  attrsOpen: false,
  timer: null,
  /** Bumped by each poll: an older poll still in flight neither applies its answers nor reschedules. */
  generation: 0,
  polls: 0,
};

function readHash() {
  if (location.hash.length < 2) return null;
  try {
    return decodeURIComponent(location.hash.slice(1));
  } catch (e) {
    return null;
  }
}

async function getJson(url, previousTag) {
  const r = await fetch(url, { cache: 'no-cache', headers: { Accept: 'application/json' } });
  if (r.status === 404) return { notFound: true };
  if (!r.ok) {
    const body = await r.json().catch(() => ({}));
    throw new Error(body.error || 'HTTP ' + r.status);
  }
  const tag = r.headers.get('ETag');
  if (tag !== null && tag === previousTag) return { same: true };
  return { tag: tag, data: await r.json() };
}

function setStatus(kind, text) {
  const el = document.getElementById('status');
  el.className = kind;
  el.textContent = text;
}

function select(name) {
  if (name === ui.selected) return;
  ui.selected = name;
  ui.study = null;
  ui.studyTag = null;
  ui.missing = false;
  ui.pareto = [0, 1];
  history.replaceState(null, '', '#' + encodeURIComponent(name));
  renderList();
  renderStudy();
  poll();
}

function countsText(c) {
  const total = c.complete + c.pruned + c.failed + c.running + c.waiting;
  const parts = [total + (total === 1 ? ' trial' : ' trials')];
  for (const k of ['complete', 'pruned', 'failed', 'running', 'waiting']) if (c[k] > 0) parts.push(c[k] + ' ' + k);
  return parts.join(' · ');
}

function renderList() {
  const nav = document.getElementById('studies');
  const list = ui.list;
  document.getElementById('storage').textContent = list ? list.storage : '';
  if (!list) return;
  if (list.studies.length === 0) {
    nav.replaceChildren(empty('No study in this storage yet.'));
    return;
  }
  const items = list.studies.map((st) => {
    const best = st.bestValue !== null ? 'best ' + fmt(st.bestValue) : st.frontSize !== null && st.frontSize > 0 ? 'front of ' + st.frontSize : '';
    const button = h('button', { type: 'button', class: st.name === ui.selected ? 'study selected' : 'study', 'aria-current': st.name === ui.selected ? 'page' : null, onclick: () => select(st.name) }, [
      h('span', { class: 'study-name', text: st.name }),
      h('span', { class: 'meta', text: st.directions.join(', ') + (best ? ' · ' + best : '') }),
      h('span', { class: 'meta', text: countsText(st.counts) }),
    ]);
    return h('li', null, [button]);
  });
  nav.replaceChildren(h('h2', { text: 'Studies' }), h('ul', null, items));
}

function panel(id, title, children, wide) {
  return h('section', { id: id, class: wide ? 'panel wide' : 'panel' }, [h('h3', { text: title })].concat(children));
}

function renderStudy() {
  const main = document.getElementById('study');
  if (ui.selected === null) {
    main.replaceChildren(empty(ui.list && ui.list.studies.length === 0 ? 'No study to show.' : 'Select a study.'));
    return;
  }
  if (ui.missing) {
    main.replaceChildren(h('h2', { text: ui.selected }), empty('This storage has no study of this name (yet, or any more); the page shows it once it exists.'));
    return;
  }
  const st = ui.study;
  if (!st) {
    main.replaceChildren(h('h2', { text: ui.selected }), empty('Loading…'));
    return;
  }
  W = panelWidth(false);
  const multi = st.directions.length > 1;
  const bestText = multi
    ? 'Pareto front: ' + st.best.length + (st.best.length === 1 ? ' trial' : ' trials')
    : st.best.length === 0
      ? 'no complete trial yet'
      : 'best ' + fmt(st.trials.find((t) => t.number === st.best[0]).values[0]) + ' (trial ' + st.best[0] + ')';
  const header = h('div', { class: 'study-header' }, [
    h('h2', { text: st.name }),
    h('p', { class: 'meta', text: st.directions.join(', ') + ' · ' + countsText(st.counts) + ' · ' + bestText + ' · created ' + new Date(st.createdAt).toLocaleString() }),
  ]);
  if (Object.keys(st.userAttrs).length > 0) {
    const details = h('details', { open: ui.attrsOpen ? 'open' : null }, [h('summary', { text: 'Study attributes' }), h('pre', { text: JSON.stringify(st.userAttrs, null, 2) })]);
    details.addEventListener('toggle', () => (ui.attrsOpen = details.open));
    header.append(details);
  }
  const panels = [];
  panels.push(panel('panel-history', 'Optimisation history', st.directions.map((_, k) => historyChart(st, k))));
  if (multi) panels.push(panel('panel-pareto', 'Pareto front', paretoPanel(st)));
  panels.push(panel('panel-importance', 'Parameter importance (fANOVA)', importancePanel(st)));
  panels.push(panel('panel-intermediate', 'Intermediate values', [intermediateChart(st)]));
  const colour = 'Colour: ' + objectiveLabel(st, 0) + ', darker red is better; ' + (multi ? 'thick lines are the trials on the Pareto front.' : 'the thick line is the best trial.');
  panels.push(panel('panel-parallel', 'Parallel coordinates', [h('p', { class: 'caption', text: colour }), h('div', { class: 'scroll' }, [parallelChart(st)])], true));
  panels.push(panel('panel-trials', 'Trials', [trialTable(st)], true));
  // A redraw (new trials, sorting) keeps where the wide panels were scrolled to.
  const scrolled = {};
  for (const id of ['panel-parallel', 'panel-trials']) {
    const box = document.querySelector('#' + id + ' .scroll');
    if (box) scrolled[id] = box.scrollLeft;
  }
  main.replaceChildren(header, h('div', { class: 'panels' }, panels));
  for (const id of Object.keys(scrolled)) {
    const box = document.querySelector('#' + id + ' .scroll');
    if (box) box.scrollLeft = scrolled[id];
  }
}

function importancePanel(st) {
  const imp = st.importance;
  if (imp.status !== 'ok') return [empty('Not available: ' + imp.reason)];
  const n = imp.completeTrials;
  const out = [h('p', { class: 'caption', text: 'Share of the objective’s variance each parameter explains on its own, over ' + n + ' complete trial' + (n === 1 ? '' : 's') + (n < st.counts.complete ? ' (refreshed every few seconds)' : '') + '.' })];
  for (const entry of imp.objectives) {
    if (imp.objectives.length > 1) out.push(h('h4', { text: objectiveLabel(st, entry.objective) }));
    out.push(importanceChart(st, entry));
  }
  return out;
}

function paretoPanel(st) {
  const out = [];
  if (st.directions.length > 2) {
    const pick = (slot) =>
      h(
        'select',
        { 'aria-label': slot === 0 ? 'horizontal objective' : 'vertical objective', onchange: (e) => { ui.pareto[slot] = Number(e.target.value); renderStudy(); } },
        st.directions.map((_, k) => h('option', { value: k, selected: ui.pareto[slot] === k ? 'selected' : null, text: objectiveLabel(st, k) })),
      );
    out.push(h('p', { class: 'controls' }, ['x ', pick(0), ' y ', pick(1), ' (front over all ' + st.directions.length + ' objectives)']));
  }
  out.push(paretoChart(st, ui.pareto[0], ui.pareto[1]));
  return out;
}

/** Sortable table: number, state, values, params, duration, user attributes, fail reason. */
function trialTable(st) {
  const attrNames = [];
  for (const t of st.trials) for (const k of Object.keys(t.userAttrs)) if (!attrNames.includes(k)) attrNames.push(k);
  const cols = [
    { key: 'number', label: '#', get: (t) => t.number },
    { key: 'state', label: 'state', get: (t) => t.state },
  ];
  st.directions.forEach((_, k) => cols.push({ key: 'v' + k, label: objectiveLabel(st, k), get: (t) => (t.values ? t.values[k] : null) }));
  for (const p of st.params) cols.push({ key: 'p:' + p.name, label: p.name, get: (t) => (Object.prototype.hasOwnProperty.call(t.params, p.name) ? t.params[p.name] : undefined), show: fmtValue });
  cols.push({ key: 'duration', label: 'duration', get: (t) => t.durationMs, show: fmtDuration });
  for (const a of attrNames) cols.push({ key: 'a:' + a, label: a, get: (t) => (Object.prototype.hasOwnProperty.call(t.userAttrs, a) ? t.userAttrs[a] : undefined), show: fmtValue });
  if (st.trials.some((t) => t.failReason)) cols.push({ key: 'fail', label: 'fail reason', get: (t) => t.failReason });
  const col = cols.find((c) => c.key === ui.sort.key) || cols[0];
  const dir = ui.sort.dir;
  const rows = st.trials.slice().sort((p, q) => compare(col.get(p), col.get(q), dir) || p.number - q.number);
  const head = h('tr', null, cols.map((c) => {
    const sorted = c.key === col.key;
    const button = h('button', { type: 'button', onclick: () => { ui.sort = { key: c.key, dir: sorted ? -dir : 1 }; renderStudy(); } }, [c.label + (sorted ? (dir > 0 ? ' ▲' : ' ▼') : '')]);
    return h('th', { scope: 'col', 'aria-sort': sorted ? (dir > 0 ? 'ascending' : 'descending') : null }, [button]);
  }));
  const bestSet = new Set(st.best);
  const body = rows.map((t) =>
    h('tr', { 'data-number': t.number, class: bestSet.has(t.number) ? 'best ' + t.state : t.state }, cols.map((c) => {
      const v = c.get(t);
      const text = c.show ? c.show(v) : fmt(v);
      return h('td', { title: text.length > 40 ? text : null, text: clip(text, 60) });
    })),
  );
  return h('div', { class: 'scroll' }, [h('table', { id: 'trials-table' }, [h('thead', null, [head]), h('tbody', null, body)])]);
}

/** Ascending order for dir 1, descending for -1; missing values always last. */
function compare(a, b, dir) {
  const missingA = a === null || a === undefined;
  const missingB = b === null || b === undefined;
  if (missingA || missingB) return missingA === missingB ? 0 : missingA ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return dir * (a - b);
  return dir * String(fmt(a)).localeCompare(String(fmt(b)));
}

async function poll() {
  clearTimeout(ui.timer);
  const generation = ++ui.generation;
  const asked = ui.selected;
  try {
    const list = await getJson('/api/studies', ui.listTag);
    if (generation !== ui.generation) return;
    if (list.data) {
      ui.list = list.data;
      ui.listTag = list.tag;
      if (ui.selected === null && ui.list.studies.length > 0) {
        select(ui.list.studies[0].name);
        return;
      }
      renderList();
    }
    if (asked !== null) {
      const r = await getJson('/api/studies/' + encodeURIComponent(asked), ui.studyTag);
      if (generation !== ui.generation) return;
      if (asked === ui.selected) {
        if (r.notFound) {
          ui.missing = true;
          ui.study = null;
          ui.studyTag = null;
          renderStudy();
        } else if (r.data) {
          ui.missing = false;
          ui.study = r.data;
          ui.studyTag = r.tag;
          renderStudy();
        }
      }
    }
    if (ui.selected === null) renderStudy();
    ui.polls++;
    document.body.dataset.polls = String(ui.polls);
    setStatus('live', 'live · updated ' + new Date().toLocaleTimeString());
  } catch (e) {
    if (generation !== ui.generation) return;
    setStatus('error', 'cannot read the studies: ' + (e && e.message ? e.message : String(e)) + ' · retrying');
  }
  ui.timer = setTimeout(poll, REFRESH_MS);
}

let resizeTimer = null;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(renderStudy, 150);
});
window.addEventListener('hashchange', () => {
  const name = readHash();
  if (name !== null) select(name);
});
poll();
`;
