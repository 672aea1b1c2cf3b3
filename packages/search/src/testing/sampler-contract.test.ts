import { describe, it } from 'vitest';
import { createRandomSampler } from '../samplers/random.js';
import { createGpSampler } from '../samplers/gp/gp-sampler.js';
import { createNsga2Sampler } from '../samplers/nsga2/nsga2-sampler.js';
import { createTpeSampler } from '../samplers/tpe/tpe-sampler.js';
import { samplerContractCases } from './sampler-contract.js';
import type { SamplerFactory } from './sampler-contract.js';

// Model-based samplers with settings that reach their model path within the suite's 60-trial histories
// (GP: fewer random points, to keep the suite fast).
const samplers: Record<string, SamplerFactory> = {
  random: (seed) => createRandomSampler({ seed }),
  tpe: (seed) => createTpeSampler({ seed }),
  'tpe multivariate': (seed) => createTpeSampler({ seed, multivariate: true }),
  gp: (seed) => createGpSampler({ seed, nPreliminarySamples: 256, nLocalSearch: 3 }),
  'nsga2 (population 10)': (seed) => createNsga2Sampler({ seed, populationSize: 10 }),
};

for (const [name, factory] of Object.entries(samplers)) {
  describe(`sampler contract: ${name}`, () => {
    for (const c of samplerContractCases) it(c.name, () => c.run(factory));
  });
}
