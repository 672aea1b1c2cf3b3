import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { layerGroupName, parseGroupName } from './group-names.js';

interface GroupNameVectors {
  readonly parse: readonly { readonly name: string; readonly parsed: unknown }[];
  readonly format: readonly { readonly first: number; readonly last: number; readonly name: string }[];
}
const vectors = JSON.parse(readFileSync(new URL('../test/fixtures/group-names.json', import.meta.url), 'utf8')) as GroupNameVectors;

describe('the LR group grammar', () => {
  it.each(vectors.parse.map((v) => [v.name, v.parsed]))('parses %j as %j', (name, parsed) => {
    expect(parseGroupName(name) ?? null).toEqual(parsed);
  });

  it.each(vectors.format.map((v) => [v.first, v.last, v.name]))('names layers %i..%i %s, which parses back', (first, last, name) => {
    expect(layerGroupName(first, last)).toBe(name);
    expect(parseGroupName(name)).toEqual({ kind: 'layers', first, last });
  });

  it('covers valid and invalid names, ranges and the pooler', () => {
    const parsed = vectors.parse.map((v) => v.parsed as { kind: string } | null);
    expect(parsed.filter((p) => p === null).length).toBeGreaterThan(10);
    expect(new Set(parsed.filter((p) => p !== null).map((p) => p!.kind))).toEqual(new Set(['embeddings', 'pooler', 'head', 'layers']));
  });
});
