// The LR group grammar (DESIGN.md, "LR group"): `embeddings`, `layer_<i>`, `layer_<i>-<j>` (layers
// i..j inclusive, i <= j), `pooler`, `head`. This module owns it: @lrdist/model resolves these names
// to variables and @lrdist/combine builds distributions on them, both through this one copy.

/** Encoder layers a group covers, 0-based and inclusive (`layer_3-4` covers 3 and 4). */
export interface LayerRange {
  readonly first: number;
  readonly last: number;
}

/** What a conventional group name says about the model part it stands for. */
export type ParsedGroupName =
  | { readonly kind: 'embeddings' }
  | { readonly kind: 'pooler' }
  | { readonly kind: 'head' }
  | { readonly kind: 'layers'; readonly first: number; readonly last: number };

const LAYER_NAME = /^layer_(\d+)(?:-(\d+))?$/;

/** Reads a conventional group name; `undefined` for names outside the grammar (`layer_3-2` included). */
export function parseGroupName(name: string): ParsedGroupName | undefined {
  if (name === 'embeddings' || name === 'pooler' || name === 'head') return { kind: name };
  const match = LAYER_NAME.exec(name);
  if (match === null) return undefined;
  const first = Number(match[1]);
  const last = match[2] === undefined ? first : Number(match[2]);
  return last >= first ? { kind: 'layers', first, last } : undefined;
}

/** The conventional name of a group covering encoder layers `first`..`last`. */
export function layerGroupName(first: number, last: number = first): string {
  return first === last ? `layer_${first}` : `layer_${first}-${last}`;
}
