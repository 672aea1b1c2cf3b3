// LR groups (DESIGN.md): `embeddings`, `layer_0` ... `layer_{L-1}`, `head` (pooler, task heads,
// MLM transform). The pooler may take a group of its own, `pooler`: it is shared by every task's
// head (unlike a head) yet sits above the encoder, so where it belongs is a question the
// benchmark measures; without a `pooler` entry it stays in `head`, as it always was.
// A distribution may name fewer groups than the model has layers through
// explicit contiguous layer ranges (`layer_0-1`, or `{ name, lr, layers: [0, 1] }`). Every
// trainable variable must land in exactly one group; anything else is a ParamGroupError naming
// the variable, because a silently unassigned encoder is the bug the paper's own baseline had.
import { ParamGroupError } from '../errors.js';

/** One entry of an LR distribution; `layers` [from, to] (inclusive) makes it a layer-range group. */
export interface LrGroupEntry {
  readonly name: string;
  readonly lr: number;
  readonly layers?: readonly [number, number];
}

/** Learning rates by group: a record keyed by group name (`layer_2`, `layer_0-1`...) or a list of entries. */
export type LrDistribution = Readonly<Record<string, number>> | readonly LrGroupEntry[];

/** A resolved group: its name, base learning rate and member variables. */
export interface ResolvedGroup {
  readonly name: string;
  readonly lr: number;
  readonly variables: readonly string[];
}

/** The model's canonical groups in depth order: embeddings, layer_0.., head. */
export function canonicalGroups(numLayers: number): string[] {
  return ['embeddings', ...Array.from({ length: numLayers }, (_, i) => `layer_${i}`), 'head'];
}

/** The canonical group of a variable name, or null when the name fits no group. */
export function canonicalGroupOf(name: string): string | null {
  if (name.startsWith('embeddings.')) return 'embeddings';
  const m = /^encoder\.layer\.(\d+)\./.exec(name);
  if (m !== null) return `layer_${m[1]}`;
  if (name.startsWith('pooler.') || name.startsWith('heads.') || name.startsWith('cls.predictions.')) return 'head';
  return null;
}

/**
 * Assigns every variable to its group. Throws ParamGroupError when a variable fits no group, a
 * group has no learning rate, two entries cover the same group, or an entry is malformed.
 */
export function resolveParamGroups(variables: readonly string[], numLayers: number, lr: LrDistribution): ResolvedGroup[] {
  const entries: LrGroupEntry[] = Array.isArray(lr)
    ? [...(lr as readonly LrGroupEntry[])]
    : Object.entries(lr as Record<string, number>).map(([name, value]) => ({ name, lr: value }));
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

function coveredGroups(entry: LrGroupEntry, numLayers: number): string[] {
  let range = entry.layers;
  if (range === undefined) {
    if (entry.name === 'embeddings' || entry.name === 'head' || entry.name === 'pooler') return [entry.name];
    const m = /^layer_(\d+)(?:-(\d+))?$/.exec(entry.name);
    if (m === null) {
      throw new ParamGroupError(
        `LR group name must be embeddings, pooler, head, layer_<i> or layer_<i>-<j> (or give \`layers\`), got \`${entry.name}\``,
      );
    }
    range = [Number(m[1]), Number(m[2] ?? m[1])];
  }
  const [from, to] = range;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to < from || to >= numLayers) {
    throw new ParamGroupError(
      `layers of LR group \`${entry.name}\` must be a range within [0, ${numLayers - 1}], got [${from}, ${to}]`,
    );
  }
  return Array.from({ length: to - from + 1 }, (_, i) => `layer_${from + i}`);
}
