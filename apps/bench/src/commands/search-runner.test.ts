import { createMemoryStorage, createStudy } from '@lrdist/search';
import { describe, expect, it } from 'vitest';
import { StudyConfigError } from '../errors.js';
import { searchConfigSchema, type SearchConfig } from './search-config.js';
import { lrRecord } from '@lrdist/protocol';
import { flatParams, groupLrsOf, prunerOf, samplerOf, trialDistribution, trialSeeds } from './search-runner.js';

const trialLrs = (...args: Parameters<typeof trialDistribution>) => lrRecord(trialDistribution(...args));

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
    const study = await createStudy({
      storage: createMemoryStorage(),
      direction: 'maximize',
      sampler: samplerOf({ ...config, sampler: 'random' }),
    });
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
    const study = await createStudy({
      storage: createMemoryStorage(),
      direction: 'maximize',
      sampler: samplerOf({ ...llrd, sampler: 'tpe-mv' }),
    });
    await study.enqueueTrial(flatParams(llrd));
    const lrs = trialLrs(await study.ask(), llrd);
    expect(Object.values(lrs)).toEqual(Array(6).fill(1e-4));
  });

  it('propose one LR for every group in the flat space and (encoder, head) in the two-group space, flat first', async () => {
    for (const space of ['flat', 'two-group'] as const) {
      const c = { ...config, space };
      const study = await createStudy({
        storage: createMemoryStorage(),
        direction: 'maximize',
        sampler: samplerOf({ ...c, sampler: 'random' }),
      });
      await study.enqueueTrial(flatParams(c));
      const first = await study.ask();
      expect(Object.values(trialLrs(first, c))).toEqual(Array(6).fill(1e-4));
      await study.tell(first, 1);
      const second = await study.ask();
      const lrs = trialLrs(second, c);
      expect(Object.keys(second.params)).toEqual(space === 'flat' ? ['lr'] : ['encoder', 'head']);
      const encoder = ['embeddings', 'layer_0', 'layer_1', 'layer_2', 'layer_3'].map((g) => lrs[g]);
      expect(new Set(encoder).size).toBe(1);
      if (space === 'flat') expect(lrs['head']).toBe(encoder[0]);
      else expect(lrs['head']).toBe(second.params['head']);
    }
  });

  it('expand stored params of any space to per-group LRs, and name a missing param', () => {
    expect(groupLrsOf({ encoder: 1e-5, head: 1e-3 }, { space: 'two-group', layers: 2 })).toEqual({
      embeddings: 1e-5,
      layer_0: 1e-5,
      layer_1: 1e-5,
      head: 1e-3,
    });
    expect(groupLrsOf({ lr: 2e-5 }, { space: 'flat', layers: 1 })).toEqual({ embeddings: 2e-5, layer_0: 2e-5, head: 2e-5 });
    expect(() => groupLrsOf({ lr: 2e-5 }, { space: 'two-group', layers: 1 })).toThrow(/a two-group trial must have param `encoder`/);
  });

  it('score a trial on seedsPerTrial consecutive seeds; studies stored before the field read as one seed', () => {
    expect(trialSeeds(config)).toEqual([0]);
    expect(trialSeeds({ seed: 4, seedsPerTrial: 3 })).toEqual([4, 5, 6]);
    const { seedsPerTrial: _s, ...old } = config;
    expect(searchConfigSchema.parse(old).seedsPerTrial).toBe(1);
  });

  it('prune by epochs with ASHA, the median rule, or Pareto rank for two objectives', () => {
    expect(prunerOf(config).name).toMatch(/halving|asha/i);
    expect(prunerOf({ ...config, pruner: 'median' }).name).toMatch(/median|percentile/i);
    expect(prunerOf({ ...config, objective: 'pareto' }).name).toMatch(/pareto/i);
    expect(() => prunerOf({ ...config, objective: 'pareto', pruner: 'median' })).toThrow(StudyConfigError);
    expect(prunerOf({ ...config, epochs: 1 }).name).toMatch(/nop|none/i);
  });
});
