// One data-parallel pretraining worker (a worker thread): its own wasm backend and model replica,
// the global batch plan shared with the others, gradients averaged through shared memory.
import { parentPort, workerData } from 'node:worker_threads';
import {
  canonicalGroups,
  createBertModel,
  latestTrainingState,
  loadBertCheckpoint,
  createOptimizer,
  evaluateMlm,
  fit,
  initBackend,
  saveBertCheckpoint,
  trainableVariableNames,
  type MlmMaskingOptions,
} from '@lrdist/model';
import { createSharedGradientReducer, type SharedReducerMemory } from './parallel/shared-gradient-reducer.js';
import type { PretrainConfig } from './pretrain-config.js';
import { HELD_OUT_MASK_SEED } from './held-out-seed.js';
import { unshareRows, type SharedRows } from './prepare-corpus.js';

/** What the main thread hands each worker. */
export interface PretrainWorkerData {
  rank: number;
  config: PretrainConfig;
  masking: MlmMaskingOptions;
  memory: SharedReducerMemory;
  train: SharedRows;
  /** Rank 0 only: the held-out rows it evaluates. */
  heldOut: SharedRows | null;
  /** This rank's checkpoint folder. */
  checkpointDir: string;
  /** Rank 0 only: where the final weights go. */
  outDir: string | null;
  backend: string | undefined;
}

/** Messages a worker posts. */
export type PretrainWorkerMessage =
  | { type: 'ready'; backend: string }
  | { type: 'progress'; step: number; totalSteps: number; loss: number; etaSeconds: number; lr: number }
  | { type: 'eval'; step: number; loss: number; accuracy: number; maskedTokens: number; weights: 'float32' | 'float16 file' }
  | { type: 'done'; steps: number; stopReason: string; meanLoss: number; seconds: number; resumedFrom: string | null };

const data = workerData as PretrainWorkerData;
const post = (message: PretrainWorkerMessage): void => parentPort!.postMessage(message);

const { config, rank, masking } = data;
const info = await initBackend(data.backend === undefined ? {} : { backend: data.backend });
post({ type: 'ready', backend: info.description });
const model = createBertModel({ config: config.model, seed: config.seed, mlmHead: true });
const objective = { kind: 'mlm', masking } as const;
const groups = canonicalGroups(model.config.numLayers);
const optimizer = createOptimizer({
  model,
  kind: 'adamw',
  lr: Object.fromEntries(groups.map((g) => [g, config.lr])),
  variables: trainableVariableNames(model, objective),
  weightDecay: config.weightDecay,
  clipNorm: config.clipNorm,
  schedule: { kind: 'linear', warmupSteps: Math.round(config.warmupFraction * config.steps), totalSteps: config.steps },
});
const train = unshareRows(data.train).map((inputIds) => ({ inputIds }));
const heldOut = data.heldOut === null ? [] : unshareRows(data.heldOut).map((inputIds) => ({ inputIds }));
const evaluateHeldOut = async (step: number, which = model, weights: 'float32' | 'float16 file' = 'float32'): Promise<void> => {
  if (rank !== 0) return;
  const r = await evaluateMlm({ model: which, examples: heldOut, masking, seed: HELD_OUT_MASK_SEED, batchSize: 64 });
  post({ type: 'eval', step, loss: r.loss, accuracy: r.accuracy, maskedTokens: r.maskedTokens, weights });
};
// The starting point of the curve (the other workers wait at the first gradient exchange).
if (rank === 0 && (await latestTrainingState(data.checkpointDir)) === null) await evaluateHeldOut(0);

const started = performance.now();
const batchesPerEpoch = Math.ceil(train.length / config.batchSize);
const result = await fit({
  model,
  optimizer,
  objective,
  examples: train,
  epochs: Math.ceil(config.steps / batchesPerEpoch),
  maxSteps: config.steps,
  batchSize: config.batchSize,
  seed: config.seed,
  // Packed rows are all ~seqLength long: bucketing would only order them, not save padding.
  bucketing: false,
  dropout: config.dropout,
  shard: {
    rank,
    worldSize: data.memory.worldSize,
    reduceGradients: createSharedGradientReducer({ memory: data.memory, rank }),
  },
  checkpoint: { dir: data.checkpointDir, everySteps: config.checkpointEvery, atEpochEnd: false, keep: 2 },
  onProgress: (p) =>
    post({ type: 'progress', step: p.step, totalSteps: p.totalSteps, loss: p.loss, etaSeconds: p.etaSeconds, lr: p.lrs['head'] ?? 0 }),
  evaluation: {
    everySteps: config.evalEvery,
    atEpochEnd: false,
    run: ({ step }) => evaluateHeldOut(step),
  },
});
if (rank === 0 && data.outDir !== null && result.steps >= config.steps) {
  if (result.steps % config.evalEvery !== 0) await evaluateHeldOut(result.steps);
  await saveBertCheckpoint(model, data.outDir, { dtype: 'float16' });
  // The figures that matter are those of the file users get.
  const saved = await loadBertCheckpoint({ dir: data.outDir });
  await evaluateHeldOut(result.steps, saved.model, 'float16 file');
  saved.model.dispose();
}
post({
  type: 'done',
  steps: result.steps,
  stopReason: result.stopReason,
  meanLoss: result.meanLoss,
  seconds: (performance.now() - started) / 1000,
  resumedFrom: result.resumedFrom,
});
optimizer.dispose();
model.dispose();
