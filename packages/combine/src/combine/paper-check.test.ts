// Check against the paper (Kenneweg et al. 2022; their plot.py): four task pairs, each a study of
// trials over the paper's 10 groups with values [p_o, p_s]; within a study the trials are ranked by
// p_o + p_s and combined by a 1.8^-rank weighted geometric mean; across studies by a plain geometric
// mean. Every expected figure below is worked out by hand in the comments.
import { describe, expect, it } from 'vitest';
import { PAPER_SPANS } from '../distribution/paper-combined.js';
import { bertSpanGroups } from '../groups/bert-groups.js';
import type { TrialRecord } from './rank-trials.js';
import { combine } from './combine.js';
import { fromTrials } from './from-trials.js';

const groups = bertSpanGroups(12, PAPER_SPANS);
// Each trial scales a fixed per-group shape by 10^e (the 9 encoder/embedding groups) and puts the
// head at M_HEAD x 10^h, so every result is a shape entry times 10^(a weighted mean of exponents).
const SHAPE = [1, 2, 0.5, 1, 3, 1, 1, 4, 1];
const M_HEAD = 1;

function trial(
  number: number,
  values: [number, number] | null,
  e: number,
  h: number,
  state: TrialRecord['state'] = 'complete',
): TrialRecord {
  const params: Record<string, number> = {};
  groups.forEach((g, i) => {
    params[g.name] = g.name === 'head' ? M_HEAD * 10 ** h : (SHAPE[i] as number) * 10 ** e;
  });
  return { number, params, values, state };
}

// Weights 1, 1/1.8, 1/3.24 for ranks 0, 1, 2; multiplied by 3.24 they are 3.24, 1.8, 1 (sum 6.04).
const studies: { pair: string; trials: TrialRecord[] }[] = [
  {
    // Sums 1.50, 1.60, 1.30: ranking #1, #0, #2; #3 pruned.
    // E1 = (3.24 x -6 + 1.8 x -5 + 1 x -4) / 6.04 = -32.44 / 6.04 = -811/151 = -5.370861
    // H1 = (3.24 x -5 + 1.8 x -4 + 1 x -4) / 6.04 = -27.40 / 6.04 = -685/151 = -4.536424
    pair: 'mrpc->sst2',
    trials: [trial(0, [0.8, 0.7], -5, -4), trial(1, [0.85, 0.75], -6, -5), trial(2, [0.6, 0.7], -4, -4), trial(3, null, -1, -1, 'pruned')],
  },
  {
    // Sums 1.7, 1.3: ranking #0, #1 with weights 1 and 1/1.8 (x 1.8: 1.8 and 1, sum 2.8); #2 failed.
    // E2 = (1.8 x -5 + 1 x -7) / 2.8 = -16 / 2.8 = -40/7 = -5.714286
    // H2 = (1.8 x -5 + 1 x -3) / 2.8 = -12 / 2.8 = -30/7 = -4.285714
    pair: 'sst2->mrpc',
    trials: [trial(0, [0.9, 0.8], -5, -5), trial(1, [0.7, 0.6], -7, -3), trial(2, null, -1, -1, 'failed')],
  },
  {
    // #0 and #1 tie at 1.4 and share ranks 0 and 1: each weight (1 + 1/1.8) / 2 (x 3.24: 2.52); #2
    // (1.2) has rank 2, weight 1/3.24 (x 3.24: 1); #3 still running.
    // E3 = (2.52 x -6 + 2.52 x -4 + 1 x -5) / 6.04 = -30.2 / 6.04 = -5
    // H3 = (2.52 x -4 + 2.52 x -6 + 1 x -3) / 6.04 = -28.2 / 6.04 = -705/151 = -4.668874
    // (Breaking the tie by input order instead would give E3 = -31.64 / 6.04 = -5.238411.)
    pair: 'cola->rte',
    trials: [trial(0, [0.5, 0.9], -6, -4), trial(1, [0.9, 0.5], -4, -6), trial(2, [0.6, 0.6], -5, -3), trial(3, null, -1, -1, 'running')],
  },
  {
    // One complete trial: E4 = -6, H4 = -5; #1 waiting.
    pair: 'rte->cola',
    trials: [trial(0, [0.65, 0.85], -6, -5), trial(1, null, -1, -1, 'waiting')],
  },
];

const E = [-811 / 151, -40 / 7, -5, -6];
const H = [-685 / 151, -30 / 7, -705 / 151, -5];
// Across studies, the plain mean of exponents:
// E = (-5.370861 - 5.714286 - 5 - 6) / 4 = -5836/1057 = -5.521287 (10^E = 3.0110e-6)
// H = (-4.536424 - 4.285714 - 4.668874 - 5) / 4 = -19545/4228 = -4.622753 (10^H = 2.3837e-5)
// Bands: SD of the exponents around their mean, sqrt(mean((x - m)^2)):
// E: deviations 0.150426, -0.192999, 0.521287, -0.478713 -> sqrt(0.140196) = 0.374427 decades (gsd 2.3682)
// H: deviations 0.086329, 0.337039, -0.046121, -0.377247 -> sqrt(0.066373) = 0.257629 decades (gsd 1.8098)
const E_ALL = -5836 / 1057;
const H_ALL = -19545 / 4228;

describe('the paper check: four pairs, rank rule and two-stage geometric mean', () => {
  const perStudy = studies.map(({ pair, trials }) =>
    fromTrials(trials, { groups, provenance: { model: 'bert-base-uncased', pairs: [pair], studies: [pair] } }),
  );

  it('gives each study the hand-computed rank-weighted mean (tolerance 1e-12 in log10)', () => {
    perStudy.forEach((d, k) => {
      d.groups.forEach((g, i) => {
        const expected = g.name === 'head' ? Math.log10(M_HEAD) + (H[k] as number) : Math.log10(SHAPE[i] as number) + (E[k] as number);
        expect(Math.abs(Math.log10(g.lr) - expected)).toBeLessThan(1e-12);
      });
    });
    expect(perStudy.map((d) => d.provenance.trials)).toEqual([3, 2, 3, 1]);
  });

  it('combines the studies into the hand-computed distribution and bands (tolerance 1e-12 in log10)', () => {
    const c = combine(perStudy);
    c.groups.forEach((g, i) => {
      const expected = g.name === 'head' ? H_ALL : Math.log10(SHAPE[i] as number) + E_ALL;
      expect(Math.abs(Math.log10(g.lr) - expected)).toBeLessThan(1e-12);
      expect(Math.abs(Math.log10(g.band?.gsd ?? 0) - (g.name === 'head' ? 0.257629 : 0.374427))).toBeLessThan(1e-6);
    });
    expect(Math.abs(c.lr('embeddings') / 3.011e-6 - 1)).toBeLessThan(1e-4);
    expect(Math.abs(c.lr('head') / 2.3837e-5 - 1)).toBeLessThan(1e-4);
    expect(c.provenance.pairs).toEqual(['mrpc->sst2', 'sst2->mrpc', 'cola->rte', 'rte->cola']);
    expect(c.provenance.trials).toBe(9);
    expect(c.names).toEqual(groups.map((g) => g.name));
  });
});
