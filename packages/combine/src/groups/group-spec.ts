import { describeValue } from '../errors.js';

/** Encoder layers a group covers, 0-based and inclusive (`layer_3-4` covers 3 and 4). */
export interface LayerRange {
  readonly first: number;
  readonly last: number;
}

/** A learning-rate group without its rate: where it sits and which encoder layers it covers. */
export interface GroupSpec {
  /** `embeddings`, `layer_<i>`, `layer_<i>-<j>`, `pooler`, `head`, or a name of your own. */
  readonly name: string;
  /** Relative depth in [0, 1]: embeddings 0, head 1, layer i of L at (i + 1) / (L + 1). */
  readonly depth: number;
  /** Encoder layers covered; filled in from names like `layer_3-4` when left out. */
  readonly layers?: LayerRange;
}

/** What a group name says about the model part it stands for. */
export type ParsedGroupName =
  | { readonly kind: 'embeddings' }
  | { readonly kind: 'pooler' }
  | { readonly kind: 'head' }
  | { readonly kind: 'layers'; readonly first: number; readonly last: number };

// The group grammar is owned by @lrdist/model (src/train/group-names.ts), which resolves these
// names to variables. This is a copy, because neither package may depend on the other (model
// depends on no lrdist package; combine is a leaf that must not pull TensorFlow in); both test
// suites run the same vectors, packages/model/test/fixtures/group-names.json.
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

/** Builds the error a validator throws; lets one rule set serve distributions and bare group lists. */
export type GroupErrorFactory = (field: string, message: string) => Error;

function isLayerIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/**
 * Checks a list of groups (non-empty, unique non-empty names, depths in [0, 1] strictly increasing,
 * layer ranges well-formed, in order, not overlapping and agreeing with the names) and returns
 * frozen copies with `layers` filled in from conventional names.
 */
export function normalizeGroupSpecs<T extends GroupSpec>(
  specs: readonly T[],
  fail: GroupErrorFactory,
  field = 'groups',
): (T & GroupSpec)[] {
  if (!Array.isArray(specs) || specs.length === 0) {
    throw fail(field, `\`${field}\` must be a non-empty array, got ${describeValue(specs)}`);
  }
  const seen = new Set<string>();
  const out: (T & GroupSpec)[] = [];
  let previousDepth = -Infinity;
  let previousLast = -1;
  specs.forEach((spec, i) => {
    const at = `${field}[${i}]`;
    const { name, depth } = spec;
    if (typeof name !== 'string' || name.length === 0) {
      throw fail(`${at}.name`, `\`${at}.name\` must be a non-empty string, got ${describeValue(name)}`);
    }
    if (seen.has(name)) {
      throw fail(`${at}.name`, `\`${at}.name\` must be unique, got ${describeValue(name)} twice`);
    }
    seen.add(name);
    if (typeof depth !== 'number' || !Number.isFinite(depth) || depth < 0 || depth > 1) {
      throw fail(`${at}.depth`, `\`${at}.depth\` must be a number in [0, 1], got ${describeValue(depth)} (group ${name})`);
    }
    if (depth <= previousDepth) {
      throw fail(
        `${at}.depth`,
        `\`${at}.depth\` must be greater than the previous group's depth ${previousDepth}, got ${depth} (group ${name})`,
      );
    }
    previousDepth = depth;

    const parsed = parseGroupName(name);
    const fromName = parsed?.kind === 'layers' ? { first: parsed.first, last: parsed.last } : undefined;
    let layers = spec.layers;
    if (layers !== undefined) {
      if (!isLayerIndex(layers.first) || !isLayerIndex(layers.last) || layers.last < layers.first) {
        throw fail(
          `${at}.layers`,
          `\`${at}.layers\` must be { first, last } with integers 0 <= first <= last, got ${describeValue(layers)} (group ${name})`,
        );
      }
      if (fromName !== undefined && (fromName.first !== layers.first || fromName.last !== layers.last)) {
        throw fail(
          `${at}.layers`,
          `\`${at}.layers\` must agree with the name ${name} (${fromName.first}..${fromName.last}), got ${describeValue(layers)}`,
        );
      }
      if (parsed !== undefined && parsed.kind !== 'layers') {
        throw fail(`${at}.layers`, `\`${at}.layers\` must be absent for group ${name}, got ${describeValue(layers)}`);
      }
    } else {
      layers = fromName;
    }
    if (layers !== undefined) {
      if (layers.first <= previousLast) {
        throw fail(
          `${at}.layers`,
          `\`${at}.layers\` must start after the previous group's last layer ${previousLast}, got ${layers.first} (group ${name})`,
        );
      }
      previousLast = layers.last;
    }
    const copy = { ...spec, name, depth } as T & GroupSpec;
    if (layers !== undefined) {
      (copy as { layers?: LayerRange }).layers = Object.freeze({ first: layers.first, last: layers.last });
    } else {
      delete (copy as { layers?: LayerRange }).layers;
    }
    out.push(Object.freeze(copy));
  });
  return out;
}
