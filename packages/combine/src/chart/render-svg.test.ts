import { describe, expect, it } from 'vitest';
import { deepText, findAll, parseXml } from '../../test/parse-xml.js';
import type { XmlElement } from '../../test/parse-xml.js';
import { InvalidOptionError } from '../errors.js';
import { combine } from '../combine/combine.js';
import { flat, llrd } from '../distribution/generators.js';
import { LrDistribution } from '../distribution/lr-distribution.js';
import { paperCombined, paperCombinedRounded } from '../distribution/paper-combined.js';
import { resample } from '../transfer/resample.js';
import { OKABE_ITO } from './palette.js';
import { renderDistributionsSvg } from './render-svg.js';

const byClass = (root: XmlElement, cls: string): XmlElement[] => findAll(root, (e) => (e.attributes.class ?? '').split(' ').includes(cls));
const combined = combine([paperCombined(), paperCombinedRounded(), llrd(2e-5, 0.8, 12)]);

describe('renderDistributionsSvg', () => {
  it('is well-formed standalone SVG with one series per distribution', () => {
    const dists = [combined, paperCombined(), flat(2e-5), resample(paperCombined(), 4)];
    const svg = renderDistributionsSvg(dists, { title: 'Four series' });
    const root = parseXml(svg);
    expect(root.name).toBe('svg');
    expect(root.attributes.xmlns).toBe('http://www.w3.org/2000/svg');
    const series = byClass(root, 'series');
    expect(series).toHaveLength(4);
    series.forEach((s, i) => {
      const line = findAll(s, (e) => e.name === 'polyline')[0];
      // One vertex and one marker per group.
      expect(line?.attributes.points?.trim().split(/\s+/)).toHaveLength(dists[i]?.size ?? -1);
      expect(byClass(s, 'markers')[0]?.children).toHaveLength(dists[i]?.size ?? -1);
      expect(line?.attributes.stroke).toBe(OKABE_ITO[i]);
    });
    expect(byClass(root, 'legend')[0]?.children.filter((e) => e.name === 'text').length).toBeGreaterThanOrEqual(4);
  });

  it('draws a band only for series that carry one', () => {
    const root = parseXml(renderDistributionsSvg([combined, paperCombined()]));
    const bands = byClass(root, 'band');
    expect(bands).toHaveLength(1);
    expect(bands[0]?.attributes['data-series']).toBe('0');
    // Upper edge then lower edge: two vertices per group.
    expect(bands[0]?.attributes.points?.trim().split(/\s+/)).toHaveLength(2 * combined.size);
    expect(byClass(parseXml(renderDistributionsSvg([combined], { bands: false })), 'band')).toHaveLength(0);
    expect(byClass(parseXml(renderDistributionsSvg([{ label: 'x', distribution: combined, band: false }])), 'band')).toHaveLength(0);
  });

  it('labels the depth axis with the group names and the LR axis with decades', () => {
    const root = parseXml(renderDistributionsSvg([paperCombined()]));
    const xLabels = findAll(byClass(root, 'x-axis')[0] as XmlElement, (e) => e.name === 'text').map(deepText);
    expect(xLabels).toEqual([
      'emb',
      'L0-1',
      'L2',
      'L3-4',
      'L5',
      'L6-7',
      'L8',
      'L9-10',
      'L11',
      'head',
      'relative depth (embeddings 0 \u2192 head 1)',
    ]);
    const yLabels = findAll(byClass(root, 'y-axis')[0] as XmlElement, (e) => e.name === 'text').map(deepText);
    // 9.2e-7 .. 1.1e-5 spans about one decade, so 2x and 5x ticks are labelled too.
    expect(yLabels).toContain('10\u22125');
    expect(yLabels).toContain('10\u22126');
    expect(yLabels).toContain('2\u00d710\u22126');
  });

  it('escapes labels and titles, and contains no script, external reference or font', () => {
    const d = new LrDistribution([
      { name: 'a<b', depth: 0, lr: 1e-5 },
      { name: 'head', depth: 1, lr: 2e-5 },
    ]);
    const svg = renderDistributionsSvg([{ label: 'A & <B> "q"', distribution: d }], { title: 'T <&>' });
    const root = parseXml(svg);
    expect(byClass(root, 'series')[0]?.attributes['data-label']).toBe('A & <B> "q"');
    expect(deepText(findAll(root, (e) => e.name === 'title')[0] as XmlElement)).toBe('T <&>');
    expect(svg).not.toMatch(/<script|<foreignObject|@import|@font-face|href=|url\((?!#)/i);
  });

  it('uses distinct ids per chart content and is deterministic', () => {
    const a = renderDistributionsSvg([paperCombined()]);
    expect(renderDistributionsSvg([paperCombined()])).toBe(a);
    const idsA = findAll(parseXml(a), (e) => e.attributes.id !== undefined).map((e) => e.attributes.id);
    const idsB = findAll(parseXml(renderDistributionsSvg([flat(1e-5)])), (e) => e.attributes.id !== undefined).map((e) => e.attributes.id);
    expect(new Set(idsA).size).toBe(idsA.length);
    expect(idsA.some((id) => idsB.includes(id))).toBe(false);
    expect(renderDistributionsSvg([paperCombined()], { idPrefix: 'fig1' })).toContain('id="fig1-title"');
  });

  it('labels unlabelled distributions from their provenance and tells collisions apart', () => {
    const root = parseXml(renderDistributionsSvg([paperCombined(), resample(paperCombined(), 4)]));
    expect(byClass(root, 'series').map((s) => s.attributes['data-label'])).toEqual([
      'published, bert-base-uncased [10 groups]',
      'published, bert-base-uncased [6 groups]',
    ]);
  });

  it('rejects bad input with typed errors', () => {
    expect(() => renderDistributionsSvg([])).toThrow(InvalidOptionError);
    expect(() => renderDistributionsSvg([{ label: 'x' } as never])).toThrow(InvalidOptionError);
    expect(() => renderDistributionsSvg([paperCombined()], { width: 10 })).toThrow(/`width` must be a number >= 320, got 10/);
  });
});
