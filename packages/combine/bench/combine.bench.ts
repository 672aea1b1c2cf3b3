// Timings of the package's hot spots at realistic sizes. Run: pnpm --filter @lrdist/combine bench
// Figures are wall-clock medians of several repetitions on this machine; other load skews them.
import {
  bertGroups,
  combine,
  fromTrials,
  paperCombined,
  parseDistribution,
  renderDistributionsSvg,
  resample,
  serializeDistribution,
} from '../src/index.js';
import type { TrialRecord } from '../src/index.js';
import { mulberry32 } from '../test/seeded-rng.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function time(name: string, repeat: number, inner: number, body: () => unknown): void {
  const samples: number[] = [];
  let sink: unknown;
  for (let r = 0; r < repeat; r++) {
    const start = performance.now();
    for (let i = 0; i < inner; i++) sink = body();
    samples.push((performance.now() - start) / inner);
  }
  if (sink === undefined) throw new Error('nothing computed');
  const ms = median(samples);
  console.log(`${name.padEnd(58)} ${ms < 0.1 ? `${(ms * 1000).toFixed(1)} us` : `${ms.toFixed(2)} ms`} / op`);
}

const random = mulberry32(1);
const groups = bertGroups(12);
const study = (n: number): TrialRecord[] =>
  Array.from({ length: n }, (_, number) => ({
    number,
    params: Object.fromEntries(groups.map((g) => [g.name, 10 ** (-7 + 4 * random())])),
    values: [random(), random()],
    state: random() < 0.2 ? 'pruned' : 'complete',
  }));
const studies = [study(500), study(500), study(500), study(500)];
const perStudy = studies.map((s) => fromTrials(s, { groups }));
const paper = paperCombined();
const text = serializeDistribution(paper);

console.log(`@lrdist/combine bench (node ${process.version})`);
time('fromTrials, 500 trials x 14 groups, sum (1.8^-rank)', 7, 20, () => fromTrials(studies[0] as TrialRecord[], { groups }));
time('fromTrials, 500 trials x 14 groups, pareto front', 7, 5, () =>
  fromTrials(studies[0] as TrialRecord[], { groups, objective: 'pareto' }),
);
time('combine, 4 studies onto 14 groups', 7, 200, () => combine(perStudy));
time('resample paper (10 groups) onto 24 layers', 7, 500, () => resample(paper, 24));
time('serialize + parse a distribution file', 7, 500, () => parseDistribution(serializeDistribution(paper), 'bench'));
time('parse a distribution file', 7, 500, () => parseDistribution(text, 'bench'));
time('renderDistributionsSvg, 5 series', 7, 50, () => renderDistributionsSvg([...perStudy, combine(perStudy)]));
