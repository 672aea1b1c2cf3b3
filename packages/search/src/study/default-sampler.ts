import type { Sampler } from '../samplers/sampler.js';
import { createTpeSampler } from '../samplers/tpe/tpe-sampler.js';

/**
 * The sampler a study uses when none is given: univariate TPE with `createTpeSampler`'s defaults,
 * cheap per `ask()` at any study size (GP-BO searches better on smooth low-dimensional problems but
 * costs O(n^3) per ask).
 */
export const DEFAULT_SAMPLER: (options: { seed?: number }) => Sampler = (options) => createTpeSampler(options);
