// LR groups (DESIGN.md): `embeddings`, `layer_0` ... `layer_{L-1}`, `head` (pooler, task heads,
// MLM transform). The pooler may take a group of its own, `pooler`: it is shared by every task's
// head (unlike a head) yet sits above the encoder, so where it belongs is a question the
// benchmark measures; without a `pooler` entry it stays in `head`, as it always was.
// A distribution may name fewer groups than the model has layers through
// explicit contiguous layer ranges (`layer_0-1`, or `{ name, lr, layers: { first: 0, last: 1 } }`).
// Every trainable variable must land in exactly one group; anything else is a ParamGroupError naming
// the variable, because a silently unassigned encoder is the bug the paper's own baseline had.
// Group names follow one grammar, owned by group-names.ts.
import { ParamGroupError } from '../errors.js';
import { layerGroupName, parseGroupName, type LayerRange } from '@lrdist/core';

/**
 * One group's learning rate. `layers` (inclusive) makes it a layer-range group under a name of
 * your own; without it the name must follow the group grammar. A group of an @lrdist/combine
 * `LrDistribution` is one as it is (its `depth` and `band` are ignored here).
 */
export interface GroupLearningRate {
  readonly name: string;
  readonly lr: number;
  readonly layers?: LayerRange;
}

/**
 * Learning rates by group, in any of the forms a caller holds them: a record keyed by group name
 * (`layer_2`, `layer_0-1`...), a list of groups, or a value with a `groups` list, which is what an
 * @lrdist/combine `LrDistribution` is, so one is passed as it is.
 */
export type GroupLearningRates =
  Readonly<Record<string, number>> | readonly GroupLearningRate[] | { readonly groups: readonly GroupLearningRate[] };

/** A resolved group: its name, base learning rate and member variables. */
export interface ResolvedGroup {
  readonly name: string;
  readonly lr: number;
  readonly variables: readonly string[];
}

/** The model's canonical groups in depth order: embeddings, layer_0.., head. */
export function canonicalGroups(numLayers: number): string[] {
  return ['embeddings', ...Array.from({ length: numLayers }, (_, i) => layerGroupName(i)), 'head'];
}

/** The canonical group of a variable name, or null when the name fits no group. */
export function canonicalGroupOf(name: string): string | null {
  if (name.startsWith('embeddings.')) return 'embeddings';
  const m = /^encoder\.layer\.(\d+)\./.exec(name);
  if (m !== null) return layerGroupName(Number(m[1]));
  if (name.startsWith('pooler.') || name.startsWith('heads.') || name.startsWith('cls.predictions.')) return 'head';
  return null;
}

/**
 * Assigns every variable to its group. Throws ParamGroupError when a variable fits no group, a
 * group has no learning rate, two entries cover the same group, or an entry is malformed.
 */
export function resolveParamGroups(variables: readonly string[], numLayers: number, lr: GroupLearningRates): ResolvedGroup[] {
  const entries = groupsOf(lr);
  if (entries.length === 0) throw new ParamGroupError('LR distribution must name at least one group, got none');
  const owner = new Map<string, string>();
  const names = new Set<string>();
  for (const entry of entries) {
    if (names.has(entry.name)) throw new ParamGroupError(`LR group \`${entry.name}\` must appear once, got it twice`);
    names.add(entry.name);
    if (!Number.isFinite(entry.lr) || entry.lr < 0) {
      throw new ParamGroupError(`learning rate of group \`${entry.name}\` must be a finite number >= 0, got ${entry.lr}`);
    }
    for (const group of coveredGroups(entry, numLayers)) {
      const previous = owner.get(group);
      if (previous !== undefined) {
        const example = variables.find((v) => canonicalGroupOf(v) === group) ?? group;
        throw new ParamGroupError(`variable \`${example}\` must be in one LR group, got \`${previous}\` and \`${entry.name}\``);
      }
      owner.set(group, entry.name);
    }
  }
  const members = new Map<string, string[]>(entries.map((e) => [e.name, []]));
  for (const v of variables) {
    const group = v.startsWith('pooler.') && owner.has('pooler') ? 'pooler' : canonicalGroupOf(v);
    if (group === null) throw new ParamGroupError(`variable \`${v}\` must belong to an LR group, it fits none`);
    const entry = owner.get(group);
    if (entry === undefined) {
      throw new ParamGroupError(`variable \`${v}\` must be in an LR group, group \`${group}\` has no learning rate`);
    }
    members.get(entry)!.push(v);
  }
  return entries.map((e) => ({ name: e.name, lr: e.lr, variables: members.get(e.name)! }));
}

/** The groups of any accepted form, in their order (a record's in insertion order). */
function groupsOf(lr: GroupLearningRates): readonly GroupLearningRate[] {
  if (Array.isArray(lr)) return lr as readonly GroupLearningRate[];
  if (isGroupList(lr)) return lr.groups;
  return Object.entries(lr as Readonly<Record<string, number>>).map(([name, value]) => ({ name, lr: value }));
}

// A record keyed `groups` would be a record naming a group `groups`, which the grammar refuses; so
// an array under `groups` can only be the list form.
function isGroupList(lr: GroupLearningRates): lr is { readonly groups: readonly GroupLearningRate[] } {
  return Array.isArray((lr as { groups?: unknown }).groups);
}

function coveredGroups(entry: GroupLearningRate, numLayers: number): string[] {
  let range = entry.layers;
  if (range === undefined) {
    const parsed = parseGroupName(entry.name);
    if (parsed === undefined) {
      throw new ParamGroupError(
        `LR group name must be embeddings, pooler, head, layer_<i> or layer_<i>-<j> with i <= j (or give \`layers\`), got \`${entry.name}\``,
      );
    }
    if (parsed.kind !== 'layers') return [entry.name];
    range = parsed;
  }
  const { first, last } = range;
  if (!Number.isInteger(first) || !Number.isInteger(last) || first < 0 || last < first || last >= numLayers) {
    throw new ParamGroupError(`layers of LR group \`${entry.name}\` must be a range within [0, ${numLayers - 1}], got [${first}, ${last}]`);
  }
  return Array.from({ length: last - first + 1 }, (_, i) => layerGroupName(first + i));
}
