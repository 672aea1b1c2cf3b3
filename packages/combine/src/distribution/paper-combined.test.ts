import { describe, expect, it } from 'vitest';
import { parseDistribution, serializeDistribution, toDistributionJson } from '../io/distribution-file.js';
import { PAPER_COMBINED_LRS, paperCombined, paperCombinedRounded } from './paper-combined.js';

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe('paperCombined', () => {
  it('has the published groups, rates and depths', () => {
    const d = paperCombined();
    expect(d.names).toEqual([
      'embeddings',
      'layer_0-1',
      'layer_2',
      'layer_3-4',
      'layer_5',
      'layer_6-7',
      'layer_8',
      'layer_9-10',
      'layer_11',
      'head',
    ]);
    expect(d.lrs).toEqual([3.3e-6, 4.4e-6, 9.2e-7, 1.9e-6, 2.9e-6, 2.1e-6, 3.3e-6, 3.7e-6, 3.2e-6, 1.1e-5]);
    // Depth x 13: 0, 1.5 (mean of layers 0 and 1 at 1 and 2), 3, 4.5, 6, 7.5, 9, 10.5, 12, 13 (tolerance 1e-12).
    const x13 = [0, 1.5, 3, 4.5, 6, 7.5, 9, 10.5, 12, 13];
    d.depths.forEach((depth, i) => expect(Math.abs(depth * 13 - (x13[i] as number))).toBeLessThan(1e-12));
    expect(d.group('layer_9-10')?.layers).toEqual({ first: 9, last: 10 });
    expect(d.provenance.model).toBe('bert-base-uncased');
    expect(d.provenance.method).toBe('published');
    expect(PAPER_COMBINED_LRS).toEqual(d.lrs);
  });

  it('has the rounded form [1, 1, 0.3, 0.7, 1, 1, 1, 1, 1, 3] x 2e-5 (tolerance 1e-12 relative)', () => {
    const r = paperCombinedRounded();
    const expected = [2e-5, 2e-5, 6e-6, 1.4e-5, 2e-5, 2e-5, 2e-5, 2e-5, 2e-5, 6e-5];
    r.lrs.forEach((lr, i) => expect(rel(lr, expected[i] as number)).toBeLessThan(1e-12));
    expect(r.depths).toEqual(paperCombined().depths);
  });

  it('round-trips through the file format exactly', () => {
    for (const d of [paperCombined(), paperCombinedRounded()]) {
      const text = serializeDistribution(d);
      const back = parseDistribution(text, 'paper.json');
      expect(back).toEqual(d);
      expect(back.lrs).toEqual(d.lrs); // bit for bit: toEqual compares numbers with Object.is
      expect(back.depths).toEqual(d.depths);
      expect(serializeDistribution(back)).toBe(text);
      expect(toDistributionJson(back)).toEqual(JSON.parse(text));
    }
  });
});
