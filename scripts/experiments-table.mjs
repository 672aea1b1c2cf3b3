#!/usr/bin/env node
// Turns bench results.json files into the tables of EXPERIMENTS.md: per method the mean and 95%
// t-interval of p_a, p_o, p_s, forgetting and the MLM loss after B (the bench's own summaries), then
// the paired differences of `combined` against `flat` and `flat-matched` (seeds pair up: under the
// b-only protocol a seed shares its phase A across methods; under the paper protocol p_a differs by
// method, and the seed still fixes data order and initialisation). Needs the bench built (`pnpm
// build`; `pnpm bench` builds it too).
//
// With two or more files it ends with the comparison across pairs: per control, the paired t-test
// of combined − control on p_o in each pair with Holm's correction across pairs, and one pooled
// estimate from a hierarchical bootstrap (pairs, then seeds; seed 0, 10,000 rounds), each pair
// counted once. Give each pair once (the in-sample pair counts once too).
//
//   node scripts/experiments-table.mjs experiments/mini/unseen/rte-cola/results.json [...]
import { readFileSync } from 'node:fs';
import { majorityScores, summarizeMethods } from '../apps/bench/dist/report/method-summary.js';
import { formatSummary, summarize } from '../apps/bench/dist/stats/summarize.js';
import { hierarchicalBootstrap, holmAdjust, pairedTest } from '../apps/bench/dist/stats/comparisons.js';
import { createRng } from '../packages/model/dist/index.js';

const CONTROLS = ['flat', 'flat-matched', 'flat-searched', 'two-group'];

/** The comparison across pairs: per-pair paired tests with Holm's correction, and a pooled bootstrap. */
function acrossPairs(paths) {
  const files = paths.map((path) => ({ path, results: JSON.parse(readFileSync(path, 'utf8')) }));
  const lines = [
    '**Across pairs: combined − control on p_o** (paired by seed; Holm across pairs; pooled: hierarchical bootstrap, 95%)',
    '',
  ];
  const recorded = files.some(({ results }) => results.cells.some((c) => c.pO?.collapsed !== undefined));
  lines.push(
    `| control | pair | seeds | p_o difference | p (paired t) | p (Holm) | p_s difference |${recorded ? ' seeds where both predict one class on A |' : ''}`,
    `|---|---|---:|---:|---:|---:|---:|${recorded ? '---:|' : ''}`,
  );
  const pooled = [];
  const verdicts = [];
  const compared = [];
  for (const control of CONTROLS) {
    const rows = [];
    for (const { results } of files) {
      const cells = results.cells.filter((c) => c.status === 'complete');
      const of = (m) => new Map(cells.filter((c) => c.method === m).map((c) => [c.seed, c]));
      const combined = of('combined');
      const other = of(control);
      const seeds = [...combined.keys()].filter((s) => other.has(s));
      if (seeds.length === 0) continue;
      const dO = seeds.map((s) => combined.get(s).pO.headline - other.get(s).pO.headline);
      const dS = seeds.map((s) => combined.get(s).pS.headline - other.get(s).pS.headline);
      const known = seeds.filter((s) => combined.get(s).pO.collapsed !== undefined && other.get(s).pO.collapsed !== undefined);
      const both =
        known.length === 0 ? 'n/a' : String(known.filter((s) => combined.get(s).pO.collapsed && other.get(s).pO.collapsed).length);
      rows.push({
        pair: `${results.config.taskA} → ${results.config.taskB}`,
        test: pairedTest(dO),
        dS: summarize(dS),
        dO,
        dSList: dS,
        both,
      });
    }
    if (rows.length === 0) continue;
    const holm = holmAdjust(rows.map((r) => r.test.p));
    rows.forEach((r, i) => {
      const p = (x) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');
      lines.push(
        `| ${control} | ${r.pair} | ${r.test.n} | ${signed(r.test)} | ${p(r.test.p)} | ${p(holm[i])} | ${signed(r.dS)} |${recorded ? ` ${r.both} |` : ''}`,
      );
    });
    if (rows.length >= 2) {
      const e = hierarchicalBootstrap(
        rows.map((r) => ({ pair: r.pair, diffs: r.dO })),
        { rng: createRng(0) },
      );
      const pct = (x) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}`;
      pooled.push(`- combined − ${control}, pooled over ${e.pairs} pairs: p_o ${pct(e.mean)} [${pct(e.low)}, ${pct(e.high)}]`);
      compared.push({ control, rows, holm });
    }
  }
  // The verdict per control: one pooled test each, Bonferroni across the controls compared (so the
  // family of verdicts holds at 95%), and the p_s cost pooled the same way.
  const level = 1 - 0.05 / Math.max(1, compared.length);
  const pct = (x) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}`;
  for (const { control, rows, holm } of compared) {
    const o = hierarchicalBootstrap(
      rows.map((r) => ({ pair: r.pair, diffs: r.dO })),
      { rng: createRng(0), level },
    );
    const sCost = hierarchicalBootstrap(
      rows.map((r) => ({ pair: r.pair, diffs: r.dSList })),
      { rng: createRng(1), level },
    );
    const wins = rows.filter((r, i) => holm[i] < 0.05 && r.test.mean > 0).length;
    const losses = rows.filter((r, i) => holm[i] < 0.05 && r.test.mean < 0).length;
    const cheap = sCost.mean > -0.01;
    const answer =
      o.low > 0 && cheap ? 'yes' : o.high < 0 ? 'no, it loses' : o.low > 0 ? 'no, p_s costs a point or more' : 'no clear difference';
    verdicts.push(
      `- **combined vs ${control}: ${answer}.** Pooled p_o ${pct(o.mean)} [${pct(o.low)}, ${pct(o.high)}] (${(level * 100).toFixed(2)}%, Bonferroni over ${compared.length} controls), ` +
        `p_s ${pct(sCost.mean)} [${pct(sCost.low)}, ${pct(sCost.high)}]; pairs won / lost after Holm: ${wins} / ${losses} of ${rows.length}` +
        (rows.some((r) => r.both !== 'n/a' && r.both !== '0')
          ? `; seeds where both predict one class on A: ${rows.map((r) => r.both).join(', ')}`
          : '') +
        '.',
    );
  }
  const verdictBlock =
    verdicts.length === 0
      ? []
      : [
          '',
          '**Verdict per control** (combined beats a control when its pooled p_o interval lies above 0 and the pooled p_s loss is under one point)',
          '',
          ...verdicts,
        ];
  return [...lines, '', ...pooled, ...verdictBlock].join('\n');
}

const signed = (s) => `${s.mean >= 0 ? '+' : '−'}${Math.abs(s.mean * 100).toFixed(1)} ± ${(s.halfWidth * 100).toFixed(1)}`;

function report(path) {
  const results = JSON.parse(readFileSync(path, 'utf8'));
  const cells = results.cells.filter((c) => c.status === 'complete');
  const failed = results.cells.length - cells.length;
  const order = Object.keys(results.config.methods ?? {});
  const bySeed = (method) => new Map(cells.filter((c) => c.method === method).map((c) => [c.seed, c]));
  const lines = [
    `**${results.config.taskA ?? '?'} → ${results.config.taskB ?? '?'}** (${path}; ${cells.length} cells${failed ? `, ${failed} failed` : ''})`,
    '',
  ];
  const summaries = summarizeMethods(results.cells, order).filter((m) => m.seeds > 0);
  // Results made before cells recorded one-class predictions print the table they always did.
  const recorded = summaries.some((m) => m.collapsedO !== null || m.collapsedS !== null);
  lines.push(
    `| method | seeds | p_a | p_o | p_s | forgetting |${recorded ? ' one class o/s |' : ''} MLM loss after B |`,
    `|---|---:|---:|---:|---:|---:|${recorded ? '---:|' : ''}---:|`,
  );
  for (const m of summaries) {
    const oneClass = recorded ? ` ${m.collapsedO ?? '?'}/${m.collapsedS ?? '?'} |` : '';
    lines.push(
      `| ${m.method} | ${m.seeds} | ${formatSummary(m.pA)} | ${formatSummary(m.pO)} | ${formatSummary(m.pS)} | ${formatSummary(m.forgetting)} |${oneClass} ${formatSummary(m.mlmAfterB, 1, 2)} |`,
    );
  }
  const majority = majorityScores(cells);
  if (majority.a !== null || majority.b !== null) {
    const pct = (x) => (x === null ? 'n/a' : (x * 100).toFixed(1));
    lines.push('', `Majority class: A ${pct(majority.a)}, B ${pct(majority.b)}.`);
  }
  lines.push('');
  const combined = bySeed('combined');
  for (const base of ['flat', 'flat-matched']) {
    const other = bySeed(base);
    const seeds = [...combined.keys()].filter((s) => other.has(s));
    if (seeds.length < 2) continue;
    const dO = summarize(seeds.map((s) => combined.get(s).pO.headline - other.get(s).pO.headline));
    const dS = summarize(seeds.map((s) => combined.get(s).pS.headline - other.get(s).pS.headline));
    const beats =
      dO.mean - dO.halfWidth > 0
        ? 'better p_o (interval above 0)'
        : dO.mean + dO.halfWidth < 0
          ? 'worse p_o (interval below 0)'
          : 'no clear p_o difference';
    const cost = dS.mean > -0.01 ? 'p_s loss under one point' : 'p_s loss over one point';
    lines.push(
      `- combined − ${base}, paired over ${seeds.length} seeds: p_o ${signed(dO)}, p_s ${signed(dS)} → ${beats}, ${cost} (means).`,
    );
  }
  return lines.join('\n');
}

const paths = process.argv.slice(2);
if (paths.length === 0) {
  console.error('usage: node scripts/experiments-table.mjs <results.json> [...]');
  process.exit(2);
}
console.log(paths.map(report).join('\n\n'));
if (paths.length >= 2) console.log(`\n${acrossPairs(paths)}`);
