import { InvalidOptionError, describeValue } from '../errors.js';
import { bertGroups } from '../groups/bert-groups.js';
import type { GroupSpec } from '../groups/group-spec.js';
import { LrDistribution } from './lr-distribution.js';

function checkLr(lr: number, option = 'lr'): void {
  if (typeof lr !== 'number' || !Number.isFinite(lr) || lr <= 0) {
    throw new InvalidOptionError(option, `\`${option}\` must be a positive finite number, got ${describeValue(lr)}`);
  }
}

/** One learning rate for every group; `groups` defaults to BERT-base's (`bertGroups(12)`). */
export function flat(lr: number, groups: readonly GroupSpec[] = bertGroups(12)): LrDistribution {
  checkLr(lr);
  return new LrDistribution(
    groups.map((g) => ({ ...g, lr })),
    { provenance: { method: 'flat', notes: `lr=${lr}` } },
  );
}

/**
 * Layer-wise LR decay over `bertGroups(layers)`: lr_l = lr * xi^(L - l), where l = 0 for the
 * embeddings and l = i + 1 for `layer_i`, so the top layer and the head train at `lr` (Sun et al.
 * 2019, "How to Fine-Tune BERT for Text Classification?"; ELECTRA's and BEiT's code decay the
 * top layer once more, relative to the head).
 */
export function llrd(lr: number, xi: number, layers: number): LrDistribution {
  checkLr(lr);
  if (typeof xi !== 'number' || !Number.isFinite(xi) || xi <= 0) {
    throw new InvalidOptionError('xi', `\`xi\` must be a positive finite number, got ${describeValue(xi)}`);
  }
  return decayed(lr, xi, layers, 'llrd', `lr=${lr} xi=${xi}`);
}

/**
 * ULMFiT's discriminative fine-tuning: the rate is divided by 2.6 per layer going down from the top
 * layer (Howard & Ruder 2018, "Universal Language Model Fine-tuning", section 3.2); the head keeps `lr`.
 */
export function ulmfit(lr: number, layers: number): LrDistribution {
  checkLr(lr);
  return decayed(lr, 1 / 2.6, layers, 'ulmfit', `lr=${lr} factor=1/2.6`);
}

function decayed(lr: number, xi: number, layers: number, method: string, notes: string): LrDistribution {
  const groups = bertGroups(layers);
  return new LrDistribution(
    groups.map((g, index) => {
      // index: 0 embeddings, i + 1 for layer_i, layers + 1 for the head, which shares the top's level.
      const level = Math.min(index, layers);
      return { ...g, lr: lr * xi ** (layers - level) };
    }),
    { provenance: { method, notes } },
  );
}
