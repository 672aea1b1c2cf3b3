import type { Pruner } from './pruner.js';

/** A pruner that never prunes (to switch pruning off explicitly). */
export function createNopPruner(): Pruner {
  return { name: 'nop', prune: () => false };
}
