import { describe, expect, it } from 'vitest';
import { InvalidGroupsError } from '../errors.js';
import { bertGroups } from '../groups/bert-groups.js';
import { llrd } from '../distribution/generators.js';
import { LrDistribution } from '../distribution/lr-distribution.js';
import { paperCombined } from '../distribution/paper-combined.js';
import { interpolate, resample } from './resample.js';

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);
/** Log-linear interpolation between two rates at fraction t: a^(1 - t) * b^t. */
const between = (a: number, b: number, t: number): number => a ** (1 - t) * b ** t;

// The paper's groups at depth x 13: emb 0, L0-1 1.5, L2 3, L3-4 4.5, L5 6, L6-7 7.5, L8 9, L9-10 10.5,
// L11 12, head 13, with rates 3.3e-6, 4.4e-6, 9.2e-7, 1.9e-6, 2.9e-6, 2.1e-6, 3.3e-6, 3.7e-6, 3.2e-6, 1.1e-5.
const [EMB, L01, L2, L34, L5, L67, L8, L910, L11, HEAD] = paperCombined().lrs as [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];

describe('interpolate', () => {
  it('is linear inside, constant outside, exact at knots', () => {
    expect(interpolate([0, 1], [2, 4], 0.25)).toBe(2.5);
    expect(interpolate([0.2, 0.8], [1, 3], 0)).toBe(1);
    expect(interpolate([0.2, 0.8], [1, 3], 1)).toBe(3);
    expect(interpolate([0, 0.3, 1], [1.1, 7.7, 3.3], 0.3)).toBe(7.7);
  });
});

describe('resample', () => {
  it('onto the same groups is the identity, bit for bit (tolerance 0)', () => {
    for (const d of [paperCombined(), llrd(2e-5, 0.9, 12), llrd(1e-4, 0.7, 4)]) {
      const r = resample(d, d.specs);
      expect(r.lrs).toEqual(d.lrs);
      expect(r.names).toEqual(d.names);
      expect(r.provenance).toEqual(d.provenance);
    }
  });

  it('maps the paper groups onto 12 layers (hand-checked, tolerance 1e-12 relative)', () => {
    const r = resample(paperCombined(), 12);
    expect(r.names).toEqual(bertGroups(12).map((g) => g.name));
    // layer i sits at (i + 1) / 13, i.e. i + 1 on the x13 scale above:
    const expected = [
      EMB, // embeddings at 0: a knot
      between(EMB, L01, 2 / 3), // layer_0 at 1: (1 - 0) / 1.5 of the way emb -> L0-1 = 3.9977e-6
      between(L01, L2, 1 / 3), // layer_1 at 2: (2 - 1.5) / 1.5 of L0-1 -> L2 = 2.6115e-6
      L2, // layer_2 at 3: a knot, 9.2e-7
      between(L2, L34, 2 / 3), // layer_3 at 4 = 1.4920e-6
      between(L34, L5, 1 / 3), // layer_4 at 5 = 2.1876e-6
      L5, // layer_5 at 6
      between(L5, L67, 2 / 3), // layer_6 at 7 = 2.3385e-6
      between(L67, L8, 1 / 3), // layer_7 at 8 = 2.4415e-6
      L8, // layer_8 at 9
      between(L8, L910, 2 / 3), // layer_9 at 10 = 3.5616e-6
      between(L910, L11, 1 / 3), // layer_10 at 11 = 3.5252e-6
      L11, // layer_11 at 12
      HEAD, // head at 13
    ];
    r.lrs.forEach((lr, i) => expect(rel(lr, expected[i] as number)).toBeLessThan(1e-12));
    // The decimals written above, to 5 significant digits (tolerance 1e-4 relative).
    const decimals = [3.9977e-6, 2.6115e-6, 9.2e-7, 1.492e-6, 2.1876e-6];
    decimals.forEach((v, i) => expect(rel(r.lrs[i + 1] as number, v)).toBeLessThan(1e-4));
  });

  it('maps the paper groups onto 4 layers (hand-checked, tolerance 1e-12 relative)', () => {
    const r = resample(paperCombined(), 4);
    // layer i of 4 sits at (i + 1) / 5, i.e. 2.6, 5.2, 7.8, 10.4 on the x13 scale:
    const expected = [
      EMB,
      between(L01, L2, 11 / 15), // 2.6: (2.6 - 1.5) / 1.5 = 11/15 of L0-1 -> L2 = 1.3965e-6
      between(L34, L5, 7 / 15), // 5.2: (5.2 - 4.5) / 1.5 = 7/15 of L3-4 -> L5 = 2.3145e-6
      between(L67, L8, 1 / 5), // 7.8: (7.8 - 7.5) / 1.5 = 1/5 of L6-7 -> L8 = 2.2987e-6
      between(L8, L910, 14 / 15), // 10.4: (10.4 - 9) / 1.5 = 14/15 of L8 -> L9-10 = 3.6719e-6
      HEAD,
    ];
    r.lrs.forEach((lr, i) => expect(rel(lr, expected[i] as number)).toBeLessThan(1e-12));
    [1.3965e-6, 2.3145e-6, 2.2987e-6, 3.6719e-6].forEach((v, i) => expect(rel(r.lrs[i + 1] as number, v)).toBeLessThan(1e-4));
  });

  it('keeps log-linear profiles exact: LLRD on 12 layers read at 4-layer depths (tolerance 1e-12 relative)', () => {
    // llrd(lr, xi, 12) has log-LR linear in depth on [0, 12/13] (level = 13 x depth), so at depth
    // (i + 1) / 5 the rate is lr * xi^(12 - 13 (i + 1) / 5).
    const r = resample(llrd(1e-4, 0.8, 12), 4);
    for (let i = 0; i < 4; i++) expect(rel(r.lrs[i + 1] as number, 1e-4 * 0.8 ** (12 - (13 * (i + 1)) / 5))).toBeLessThan(1e-12);
  });

  it('round-trips through a finer grid that holds the original depths (tolerance 1e-12 relative)', () => {
    const d = paperCombined();
    const finer = [
      ...d.specs,
      ...bertGroups(12)
        .filter((g) => !d.depths.includes(g.depth))
        .map((g) => ({ name: `x_${g.name}`, depth: g.depth })),
    ]
      .map(({ name, depth }) => ({ name, depth }))
      .sort((a, b) => a.depth - b.depth);
    const back = resample(resample(d, finer), d.specs);
    back.lrs.forEach((lr, i) => expect(rel(lr, d.lrs[i] as number)).toBeLessThan(1e-12));
    // And 4 -> 12 -> 4 layers: the 4-layer depths are not on the 12-layer grid, so only close.
    const four = llrd(1e-4, 0.5, 4);
    const again = resample(resample(four, 12), 4);
    again.lrs.forEach((lr, i) => expect(rel(lr, four.lrs[i] as number)).toBeLessThan(0.12));
  });

  it('holds the end values beyond the first and last groups', () => {
    const d = new LrDistribution([
      { name: 'a', depth: 0.25, lr: 1e-5 },
      { name: 'b', depth: 0.75, lr: 1e-4 },
    ]);
    const r = resample(d, [
      { name: 'embeddings', depth: 0 },
      { name: 'mid', depth: 0.5 },
      { name: 'head', depth: 1 },
    ]);
    expect(r.lrs[0]).toBe(1e-5);
    expect(r.lrs[2]).toBe(1e-4);
    expect(rel(r.lrs[1] as number, Math.sqrt(1e-5 * 1e-4))).toBeLessThan(1e-12);
  });

  it('carries bands, interpolating log-GSD', () => {
    const d = new LrDistribution([
      { name: 'embeddings', depth: 0, lr: 1e-5, band: { gsd: 2 } },
      { name: 'head', depth: 1, lr: 1e-5, band: { gsd: 8 } },
    ]);
    const r = resample(d, 1); // layer_0 at 1/2: gsd 2^(1/2) * 8^(1/2) = 4
    expect(rel(r.group('layer_0')?.band?.gsd ?? 0, 4)).toBeLessThan(1e-12);
  });

  it('rejects bad target groups with a typed error', () => {
    expect(() =>
      resample(paperCombined(), [
        { name: 'a', depth: 0.5 },
        { name: 'b', depth: 0.1 },
      ]),
    ).toThrow(InvalidGroupsError);
    expect(() => resample(paperCombined(), 0)).toThrow(InvalidGroupsError);
  });
});
