import { InvalidGroupsError, describeValue } from '../errors.js';
import type { GroupSpec } from './group-spec.js';
import { layerGroupName, normalizeGroupSpecs } from './group-spec.js';

function checkLayerCount(layers: number, field = 'layers'): void {
  if (!Number.isInteger(layers) || layers < 1) {
    throw new InvalidGroupsError(field, `\`${field}\` must be an integer >= 1, got ${describeValue(layers)}`);
  }
}

/**
 * Relative depth of encoder layer `index` in a model of `layers` layers: (index + 1) / (layers + 1),
 * so that embeddings sit at 0 and the head at 1 (see DESIGN.md, "LR distribution").
 */
export function layerDepth(index: number, layers: number): number {
  return (index + 1) / (layers + 1);
}

/** Depth of a group spanning layers `first`..`last`: the mean of its layers' depths. */
export function spanDepth(first: number, last: number, layers: number): number {
  // (first + last + 2) / 2 is exact for integers, so a one-layer span gives layerDepth bit for bit.
  return (first + last + 2) / 2 / (layers + 1);
}

/** The standard groups of a BERT model: `embeddings`, `layer_0` ... `layer_{L-1}`, `head`, with depths. */
export function bertGroups(layers: number): GroupSpec[] {
  checkLayerCount(layers);
  const groups: GroupSpec[] = [{ name: 'embeddings', depth: 0 }];
  for (let i = 0; i < layers; i++) {
    groups.push({ name: layerGroupName(i), depth: layerDepth(i, layers), layers: { first: i, last: i } });
  }
  groups.push({ name: 'head', depth: 1 });
  return normalizeGroupSpecs(groups, (f, m) => new InvalidGroupsError(f, m));
}

/**
 * Groups of a BERT model whose encoder layers are split into contiguous spans: `embeddings`, one
 * `layer_<i>-<j>` group per span at its mean depth, `head`. The spans must cover 0..layers-1 in order.
 */
export function bertSpanGroups(layers: number, spans: readonly (readonly [number, number])[]): GroupSpec[] {
  checkLayerCount(layers);
  let next = 0;
  const groups: GroupSpec[] = [{ name: 'embeddings', depth: 0 }];
  spans.forEach(([first, last], i) => {
    if (first !== next || !Number.isInteger(last) || last < first || last >= layers) {
      throw new InvalidGroupsError(
        `spans[${i}]`,
        `\`spans[${i}]\` must be [${next}, j] with ${next} <= j < ${layers} (spans cover the layers in order), got ${describeValue([first, last])}`,
      );
    }
    groups.push({ name: layerGroupName(first, last), depth: spanDepth(first, last, layers), layers: { first, last } });
    next = last + 1;
  });
  if (next !== layers) {
    throw new InvalidGroupsError('spans', `\`spans\` must cover layers 0..${layers - 1}, got coverage up to ${next - 1}`);
  }
  groups.push({ name: 'head', depth: 1 });
  return normalizeGroupSpecs(groups, (f, m) => new InvalidGroupsError(f, m));
}

/**
 * The layer spans the paper's code gives `groupCount` LR groups (embeddings and head included):
 * inner group i (1-based, of k = groupCount - 2) covers layers ceil(L(i-1)/k) .. ceil(Li/k) - 1.
 * Source: Kenneweg et al. 2022, github.com/TheMody/NAS-CatastrophicForgetting, embedder.py.
 */
export function paperSpans(layers: number, groupCount: number): [number, number][] {
  checkLayerCount(layers);
  const k = groupCount - 2;
  if (!Number.isInteger(groupCount) || k < 1 || k > layers) {
    throw new InvalidGroupsError(
      'groupCount',
      `\`groupCount\` must be an integer in [3, ${layers + 2}] for ${layers} layers, got ${describeValue(groupCount)}`,
    );
  }
  // Integer ceil(a / b) = floor((a + b - 1) / b): no float rounding at exact multiples.
  const ceilDiv = (a: number, b: number): number => Math.floor((a + b - 1) / b);
  const spans: [number, number][] = [];
  for (let i = 1; i <= k; i++) spans.push([ceilDiv(layers * (i - 1), k), ceilDiv(layers * i, k) - 1]);
  return spans;
}
