import { describe, expect, it } from 'vitest';
import { LrDistribution } from '../distribution/lr-distribution.js';
import { renderDistributionsMarkdown } from './render-markdown.js';

const a = new LrDistribution(
  [
    { name: 'embeddings', depth: 0, lr: 1e-6, band: { gsd: 2 } },
    { name: 'head', depth: 1, lr: 1e-4, band: { gsd: 1.5 } },
  ],
  { provenance: { method: 'geometric-mean' } },
);
const b = new LrDistribution([
  { name: 'embeddings', depth: 0, lr: 2e-5 },
  { name: 'layer_0', depth: 0.5, lr: 2e-5 },
  { name: 'head', depth: 1, lr: 2e-5 },
]);

describe('renderDistributionsMarkdown', () => {
  it('tabulates the union of groups by depth, one column per distribution', () => {
    const md = renderDistributionsMarkdown([{ label: 'combined | 4 pairs', distribution: a }, b]);
    expect(md).toBe(
      [
        '| group | depth | combined \\| 4 pairs | series 2 |',
        '| --- | ---: | ---: | ---: |',
        '| embeddings | 0.000 | 1.00e-6 \u00d7/\u00f7 2.00 | 2.00e-5 |',
        '| layer_0 | 0.500 | \u2014 | 2.00e-5 |',
        '| head | 1.000 | 1.00e-4 \u00d7/\u00f7 1.50 | 2.00e-5 |',
        '| *scale* | | *1.00e-5* | *2.00e-5* |',
        '',
      ].join('\n'),
    );
  });

  it('leaves bands and the scale row out on request', () => {
    const md = renderDistributionsMarkdown([a], { bands: false, scaleRow: false });
    expect(md).not.toContain('\u00d7/\u00f7');
    expect(md).not.toContain('scale');
    expect(md.trim().split('\n')).toHaveLength(4);
  });

  it('escapes labels taken from study names, so a name stays text in the table', () => {
    const md = renderDistributionsMarkdown([{ label: '<img src=x onerror=alert(1)>|x', distribution: b }]);
    expect(md.split('\n')[0]).toBe('| group | depth | &lt;img src=x onerror=alert(1)>\\|x |');
    expect(md).not.toContain('<img');
  });
});
