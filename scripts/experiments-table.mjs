#!/usr/bin/env node
// Turns bench results.json files into the tables of EXPERIMENTS.md: per method the mean and 95%
// t-interval of p_o, p_s, forgetting and the MLM loss after B, then the paired differences of
// `combined` against `flat` and `flat-matched` (the same seed shares phase A, so seeds pair up).
//
//   node scripts/experiments-table.mjs experiments/mini/unseen/rte-cola/results.json [...]
import { readFileSync } from 'node:fs';

// Two-sided 95% quantiles of Student's t for 1..30 degrees of freedom.
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

function summary(xs) {
  const n = xs.length;
  const mean = xs.reduce((a, x) => a + x, 0) / n;
  if (n < 2) return { n, mean, half: NaN };
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
  return { n, mean, half: (T975[Math.min(n - 1, 30) - 1] * sd) / Math.sqrt(n) };
}

const pct = (s) => (Number.isFinite(s.half) ? `${(s.mean * 100).toFixed(1)} ± ${(s.half * 100).toFixed(1)}` : (s.mean * 100).toFixed(1));
const signed = (s) => `${s.mean >= 0 ? '+' : '−'}${Math.abs(s.mean * 100).toFixed(1)} ± ${(s.half * 100).toFixed(1)}`;

function report(path) {
  const results = JSON.parse(readFileSync(path, 'utf8'));
  const cells = results.cells.filter((c) => c.status === 'complete');
  const failed = results.cells.length - cells.length;
  const methods = [...new Set([...Object.keys(results.config.methods ?? {}), ...results.cells.map((c) => c.method)])].filter((m) => results.cells.some((c) => c.method === m));
  const bySeed = (method) => new Map(cells.filter((c) => c.method === method).map((c) => [c.seed, c]));
  const lines = [
    `**${results.config.taskA ?? '?'} → ${results.config.taskB ?? '?'}** (${path}; ${cells.length} cells${failed ? `, ${failed} failed` : ''})`,
    '',
    '| method | seeds | p_o | p_s | forgetting | MLM loss after B |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const m of methods) {
    const mine = [...bySeed(m).values()];
    const mlm = summary(mine.map((c) => c.mlm?.afterB?.loss ?? NaN));
    lines.push(
      `| ${m} | ${mine.length} | ${pct(summary(mine.map((c) => c.pO.headline)))} | ${pct(summary(mine.map((c) => c.pS.headline)))} | ` +
        `${pct(summary(mine.map((c) => c.pA.headline - c.pO.headline)))} | ${mlm.mean.toFixed(2)} ± ${mlm.half.toFixed(2)} |`,
    );
  }
  lines.push('');
  const combined = bySeed('combined');
  for (const base of ['flat', 'flat-matched']) {
    const other = bySeed(base);
    const seeds = [...combined.keys()].filter((s) => other.has(s));
    if (seeds.length < 2) continue;
    const dO = summary(seeds.map((s) => combined.get(s).pO.headline - other.get(s).pO.headline));
    const dS = summary(seeds.map((s) => combined.get(s).pS.headline - other.get(s).pS.headline));
    const beats = dO.mean - dO.half > 0 ? 'better p_o (interval above 0)' : dO.mean + dO.half < 0 ? 'worse p_o (interval below 0)' : 'no clear p_o difference';
    const cost = dS.mean > -0.01 ? 'p_s loss under one point' : 'p_s loss over one point';
    lines.push(`- combined − ${base}, paired over ${seeds.length} seeds: p_o ${signed(dO)}, p_s ${signed(dS)} → ${beats}, ${cost} (means).`);
  }
  return lines.join('\n');
}

const paths = process.argv.slice(2);
if (paths.length === 0) {
  console.error('usage: node scripts/experiments-table.mjs <results.json> [...]');
  process.exit(2);
}
console.log(paths.map(report).join('\n\n'));
