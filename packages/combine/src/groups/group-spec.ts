import { describeValue, layerGroupName, parseGroupName, type LayerRange, type ParsedGroupName } from '@lrdist/core';

// The group grammar is @lrdist/core's, the one @lrdist/model resolves names with.
export { layerGroupName, parseGroupName };
export type { LayerRange, ParsedGroupName };

/** A learning-rate group without its rate: where it sits and which encoder layers it covers. */
export interface GroupSpec {
  /** `embeddings`, `layer_<i>`, `layer_<i>-<j>`, `pooler`, `head`, or a name of your own. */
  readonly name: string;
  /** Relative depth in [0, 1]: embeddings 0, head 1, layer i of L at (i + 1) / (L + 1). */
  readonly depth: number;
  /** Encoder layers covered; filled in from names like `layer_3-4` when left out. */
  readonly layers?: LayerRange;
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
