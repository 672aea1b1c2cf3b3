import { bertGroups, flat, llrd, LrDistribution } from '@lrdist/combine';
import {
  createGpSampler,
  createMedianPruner,
  createNopPruner,
  createParetoRankPruner,
  createRandomSampler,
  createSuccessiveHalvingPruner,
  createTpeSampler,
  type FrozenTrial,
  type Pruner,
  type Sampler,
  type Study,
  type Trial,
  type WaitEvent,
} from '@lrdist/search';
import { StudyConfigError } from '../errors.js';
import type { ModelSource } from '../model/model-source.js';
import type { ProgressDisplay } from '../progress/progress-display.js';
import type { PhaseBJobResult } from '../runner/jobs.js';
import { lrRecord, type MethodPlan } from '@lrdist/protocol';
import { PhaseAProvider, phaseAKeyFor, phaseBJob, type BenchPool, type BenchSetup } from '../runner/run-benchmark.js';
import type { SearchConfig } from './search-config.js';
import type { TaskData } from '../data/ensure-task-data.js';

/** The distribution a trial proposes on the model's groups: what its phase B trains with. */
export function trialDistribution(trial: Trial, config: SearchConfig): LrDistribution {
  const low = 10 ** config.log10Low;
  const high = 10 ** config.log10High;
  const lr = (name: string) => trial.suggestFloat(name, low, high, { log: true });
  switch (config.space) {
    case 'llrd':
      return groupDistributionOf({ lr: lr('lr'), xi: trial.suggestFloat('xi', 0.3, 1) }, config);
    case 'flat':
      return groupDistributionOf({ lr: lr('lr') }, config);
    case 'two-group':
      return groupDistributionOf({ encoder: lr('encoder'), head: lr('head') }, config);
    case 'groups':
      return groupDistributionOf(Object.fromEntries(bertGroups(config.layers).map((g) => [g.name, lr(g.name)])), config);
  }
}

/**
 * A trial's params as a distribution on the model's groups, whatever the space: so that the
 * low-dimensional controls (flat, two-group) combine and evaluate exactly as per-group studies do.
 */
export function groupDistributionOf(
  params: Readonly<Record<string, number>>,
  config: Pick<SearchConfig, 'space' | 'layers'>,
): LrDistribution {
  const groups = bertGroups(config.layers);
  const need = (name: string): number => {
    const v = params[name];
    if (v === undefined) throw new StudyConfigError(`a ${config.space} trial must have param \`${name}\`, got ${JSON.stringify(params)}`);
    return v;
  };
  switch (config.space) {
    case 'llrd':
      return llrd(need('lr'), need('xi'), config.layers);
    case 'flat':
      return flat(need('lr'), groups);
    case 'two-group': {
      const encoder = need('encoder');
      return new LrDistribution(groups.map((g) => ({ ...g, lr: g.name === 'head' ? need('head') : encoder })));
    }
    case 'groups':
      return new LrDistribution(groups.map((g) => ({ ...g, lr: need(g.name) })));
  }
}

/** A trial's params as one learning rate per group of the model (the params a combined trial record holds). */
export function groupLrsOf(
  params: Readonly<Record<string, number>>,
  config: Pick<SearchConfig, 'space' | 'layers'>,
): Record<string, number> {
  return lrRecord(groupDistributionOf(params, config));
}

/** The flat baseline as the first trial's params. */
export function flatParams(config: SearchConfig): Record<string, number> {
  switch (config.space) {
    case 'llrd':
      return { lr: config.flatLr, xi: 1 };
    case 'flat':
      return { lr: config.flatLr };
    case 'two-group':
      return { encoder: config.flatLr, head: config.flatLr };
    case 'groups':
      return lrRecord(flat(config.flatLr, bertGroups(config.layers)));
  }
}

/** One line on what a worker waits for before its trial may sample (reproducible parallel mode). */
export function describeWait(e: WaitEvent): string {
  const what = e.waitingFor.map((w) => `trial ${w.number} (${w.state}${w.workerId === null ? '' : ` on ${w.workerId}`})`).join(', ');
  return `trial ${e.trial} waits for ${what} to finish before it samples (so that the run is reproducible); a trial of a worker that crashed on this machine is re-queued at once, one of another machine once its heartbeat is 5 min old`;
}

/** The training seeds a complete trial is scored on. */
export function trialSeeds(config: Pick<SearchConfig, 'seed' | 'seedsPerTrial'>): number[] {
  return Array.from({ length: config.seedsPerTrial }, (_, i) => config.seed + i);
}

/** The sampler a config asks for. */
export function samplerOf(config: SearchConfig): Sampler {
  const seed = config.samplerSeed;
  switch (config.sampler) {
    case 'gp':
      return createGpSampler({ seed });
    case 'tpe-mv':
      return createTpeSampler({ seed, multivariate: true });
    case 'random':
      return createRandomSampler({ seed });
  }
}

/** The pruner a config asks for; epochs are the resource (reports after epochs 1 .. E-1). */
export function prunerOf(config: SearchConfig): Pruner {
  if (config.pruner === 'none' || config.epochs < 2) return createNopPruner();
  if (config.objective === 'pareto') {
    if (config.pruner === 'median')
      throw new StudyConfigError('--pruner median needs one objective; use --pruner asha with --objective pareto');
    return createParetoRankPruner({ minResource: 1, reductionFactor: 3 });
  }
  return config.pruner === 'asha'
    ? createSuccessiveHalvingPruner({ minResource: 1, reductionFactor: 3 })
    : createMedianPruner({ nStartupTrials: 5 });
}

/** The benchmark setup a search trains with (one seed, one method slot per trial). */
export function searchSetup(
  config: SearchConfig,
  source: ModelSource,
  extra: { cwd: string; dataDir?: string; cacheDir: string; jobs: number; numerics?: string; tasks?: Readonly<Record<string, TaskData>> },
): BenchSetup {
  return {
    source,
    taskA: config.taskA,
    taskB: config.taskB,
    protocol: config.protocol,
    seeds: [config.seed],
    plans: [],
    phaseALrs: lrRecord(flat(config.flatLr, bertGroups(config.layers))),
    data: {
      cwd: extra.cwd,
      ...(extra.dataDir === undefined ? {} : { dataDir: extra.dataDir }),
      // The preflight's roots and fingerprints: workers read from there, and phase A is keyed by the data.
      ...(extra.tasks === undefined ? {} : { tasks: extra.tasks }),
      dataSeed: config.dataSeed,
      maxTrain: config.maxTrain,
      maxEval: config.maxEval,
      maxSeqLength: config.maxSeqLength,
    },
    epochs: config.epochs,
    batchSize: config.batchSize,
    warmupFraction: config.warmupFraction,
    cacheDir: extra.cacheDir,
    jobs: extra.jobs,
    ...(extra.numerics === undefined ? {} : { numerics: extra.numerics }),
  };
}

/**
 * Runs trials until the study holds `config.trials` finished trials: each trial proposes learning
 * rates, trains B from the cached phase A on the validation split, reports (p_o, p_s) after every
 * epoch of its first seed for pruning, and is told the mean over `seedsPerTrial` seeds of p_o + p_s
 * (`sum`) or (p_o, p_s) (`pareto`).
 */
export async function runSearch(options: {
  study: Study;
  config: SearchConfig;
  setup: BenchSetup;
  pool: BenchPool;
  display: ProgressDisplay;
  signal: AbortSignal;
}): Promise<{ ran: number; stoppedBy: string }> {
  const { study, config, setup, pool, display, signal } = options;
  const provider = new PhaseAProvider(pool, setup, display);
  const finished = (await study.getTrials()).filter((t) => t.state === 'complete' || t.state === 'pruned' || t.state === 'failed').length;
  const remaining = Math.max(0, config.trials - finished);
  if (remaining === 0) return { ran: 0, stoppedBy: 'trials' };
  let done = finished;
  display.setOverall(`search ${study.studyName}`, done, config.trials);
  const objective = async (trial: Trial): Promise<number | number[]> => {
    const distribution = trialDistribution(trial, config);
    const plan: MethodPlan = { name: 'searched', distribution, lr: distribution, lrs: lrRecord(distribution), description: 'trial' };
    const scores: { pO: number; pS: number }[] = [];
    // The pruner judges the first seed's epochs; a trial that survives them is trained on the other
    // seeds too (without reports) and told the mean, so that one seed's noise does not pick the optimum.
    for (const [i, seed] of trialSeeds(config).entries()) {
      const a = await provider.get(phaseAKeyFor(setup, plan, seed), signal);
      const tag = config.seedsPerTrial === 1 ? `trial ${trial.number}` : `trial ${trial.number} seed ${seed}`;
      try {
        const b = (await pool.run(
          phaseBJob(setup, { label: tag, phaseADir: a.dir, lr: plan.lr, seed, split: 'validation', reportEpochs: i === 0 }),
          {
            onEvent: async (e) => {
              if (e.type === 'progress') {
                display.update(tag, {
                  phase: 'search',
                  label: tag,
                  step: e.step,
                  totalSteps: e.totalSteps,
                  loss: e.loss,
                  etaSeconds: e.etaSeconds,
                });
                return undefined;
              }
              await trial.report(e.epoch, config.objective === 'sum' ? e.pO.headline + e.pS.headline : [e.pO.headline, e.pS.headline]);
              return trial.shouldPrune();
            },
          },
        )) as PhaseBJobResult;
        if (b.stopped) trial.prune();
        scores.push({ pO: b.pO.headline, pS: b.pS.headline });
        if (config.seedsPerTrial > 1) await trial.setUserAttr(`seed_${seed}`, { p_o: b.pO.headline, p_s: b.pS.headline });
      } finally {
        display.remove(tag);
      }
    }
    const mean = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;
    const pO = mean(scores.map((x) => x.pO));
    const pS = mean(scores.map((x) => x.pS));
    await trial.setUserAttr('p_o', pO);
    await trial.setUserAttr('p_s', pS);
    return config.objective === 'sum' ? pO + pS : [pO, pS];
  };
  const result = await study.optimize(objective, {
    trials: remaining,
    concurrency: setup.jobs,
    signal,
    onTrialFinished: async (t: FrozenTrial) => {
      // Other workers (processes, machines) add trials too: stop once the study as a whole is done.
      // Trials already running elsewhere still finish, so a study may end a few trials over its
      // target (as with Optuna's MaxTrialsCallback).
      done = (await study.getTrials()).filter((x) => x.state === 'complete' || x.state === 'pruned' || x.state === 'failed').length;
      if (done >= config.trials) study.stop();
      display.setOverall(`search ${study.studyName}`, done, config.trials);
      const v = t.values === null ? t.state : t.values.map((x) => (x * 100).toFixed(1)).join(', ');
      display.log(`trial ${t.number} ${t.state}: ${v}${t.failReason === null ? '' : ` (${t.failReason})`}`);
    },
  });
  return { ran: result.trials.length, stoppedBy: result.stoppedBy };
}
