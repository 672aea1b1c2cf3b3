import { createMemoryStorage, createStudy } from '@lrdist/search';
import { describe, expect, it } from 'vitest';
import { StudyConfigError } from '../errors.js';
import { searchConfigSchema, type SearchConfig } from './search-config.js';
import { flatParams, prunerOf, samplerOf, trialLrs } from './search-runner.js';

const config: SearchConfig = searchConfigSchema.parse({
  version: 1,
  model: 'mini',
  modelId: 'mini@abc',
  taskA: 'sst2',
  taskB: 'mrpc',
  protocol: 'b-only',
  seed: 0,
  dataSeed: 0,
  maxTrain: 2000,
  maxEval: 1000,
  maxSeqLength: 128,
  epochs: 3,
  batchSize: 32,
  warmupFraction: 0.1,
  flatLr: 1e-4,
  objective: 'sum',
  sampler: 'gp',
  pruner: 'asha',
  space: 'groups',
  log10Low: -7,
  log10High: -3,
  trials: 40,
  samplerSeed: 0,
  layers: 4,
});

describe('search trials', () => {
  it('propose one log-uniform LR per group in [1e-7, 1e-3], the flat baseline first', async () => {
    const study = await createStudy({ storage: createMemoryStorage(), direction: 'maximize', sampler: samplerOf({ ...config, sampler: 'random' }) });
    await study.enqueueTrial(flatParams(config));
    const first = await study.ask();
    expect(trialLrs(first, config)).toEqual({ embeddings: 1e-4, layer_0: 1e-4, layer_1: 1e-4, layer_2: 1e-4, layer_3: 1e-4, head: 1e-4 });
    await study.tell(first, 1);
    const second = trialLrs(await study.ask(), config);
    expect(Object.keys(second)).toEqual(['embeddings', 'layer_0', 'layer_1', 'layer_2', 'layer_3', 'head']);
    expect(Object.values(second).every((lr) => lr >= 1e-7 && lr <= 1e-3)).toBe(true);
  });

  it('propose (lr, xi) in the LLRD space, expanded to every group', async () => {
    const llrd = { ...config, space: 'llrd' as const };
    const study = await createStudy({ storage: createMemoryStorage(), direction: 'maximize', sampler: samplerOf({ ...llrd, sampler: 'tpe' }) });
    await study.enqueueTrial(flatParams(llrd));
    const lrs = trialLrs(await study.ask(), llrd);
    expect(Object.values(lrs)).toEqual(Array(6).fill(1e-4));
  });

  it('prune by epochs with ASHA, the median rule, or Pareto rank for two objectives', () => {
    expect(prunerOf(config).name).toMatch(/halving|asha/i);
    expect(prunerOf({ ...config, pruner: 'median' }).name).toMatch(/median|percentile/i);
    expect(prunerOf({ ...config, objective: 'pareto' }).name).toMatch(/pareto/i);
    expect(() => prunerOf({ ...config, objective: 'pareto', pruner: 'median' })).toThrow(StudyConfigError);
    expect(prunerOf({ ...config, epochs: 1 }).name).toMatch(/nop|none/i);
  });
});
