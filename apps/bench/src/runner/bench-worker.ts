// A bench worker thread: holds one TensorFlow.js backend and caches (tokenizer, prepared tasks, the
// MLM probe) across the jobs it runs.
import { join } from 'node:path';
import {
  evaluateMlm,
  fitPassCost,
  initBackend,
  loadOptimizerState,
  measureStepCost,
  WASM_HEAP_LIMIT_BYTES,
  type BertModel,
  type Example,
  type PassCost,
} from '@lrdist/model';
import type { BertTokenizer } from '@lrdist/tokenizer';
import {
  type MlmProbe,
  PHASE_A_OPTIMIZER_FILE,
  type PreparedTask,
  prepareTask,
  runSequence,
  streamBaseline,
  trainPhaseA,
  trainPhaseB,
  writePhaseA,
} from '@lrdist/protocol';
import { CellFailedError } from '../errors.js';
import { loadModel, loadSourceTokenizer, type ModelSource } from '../model/model-source.js';
import { serveJobs, type JobContext } from '../parallel/worker-host.js';
import { heldOutMlmSet } from '@lrdist/pretrain';
import type {
  BenchJob,
  BenchJobEvent,
  BenchJobResult,
  DataSpec,
  PhaseAJob,
  PhaseBJob,
  ProbeJob,
  SequenceJob,
  SplitLengths,
} from './jobs.js';

let backendReady: Promise<unknown> | null = null;
const tokenizers = new Map<string, Promise<BertTokenizer>>();
const tasks = new Map<string, Promise<PreparedTask>>();
const probes = new Map<string, Promise<MlmProbe>>();
const baselines = new Map<string, Promise<number[]>>();

const cached = <T>(map: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> => {
  let p = map.get(key);
  if (p === undefined) {
    p = make();
    map.set(key, p);
    p.catch(() => map.delete(key));
  }
  return p;
};

const tokenizerOf = (source: ModelSource): Promise<BertTokenizer> => cached(tokenizers, source.id, () => loadSourceTokenizer(source));

function taskOf(source: ModelSource, name: string, data: DataSpec): Promise<PreparedTask> {
  return cached(tasks, JSON.stringify([source.id, name, data]), async () =>
    prepareTask({
      task: name,
      tokenizer: await tokenizerOf(source),
      maxSeqLength: data.maxSeqLength,
      dataSeed: data.dataSeed,
      cwd: data.cwd,
      ...dataDirOf(name, data),
      ...(data.maxTrain === null ? {} : { maxTrain: data.maxTrain }),
      ...(data.maxEval === null ? {} : { maxEval: data.maxEval }),
    }),
  );
}

/** Where a worker reads a task: the root the preflight found, else `--data-dir`, else the usual places. */
function dataDirOf(name: string, data: DataSpec): { dataDir?: string } {
  const dir = data.tasks?.[name]?.root ?? data.dataDir;
  return dir === undefined ? {} : { dataDir: dir };
}

/** A cached phase-A folder as a model source. */
const checkpointSource = (dir: string): ModelSource => ({ kind: 'checkpoint', spec: dir, dir, id: dir, preset: 'custom' });

/** The held-out WordNet rows of pretraining: what "pretrained knowledge" is measured on. */
function probeOf(source: ModelSource): Promise<MlmProbe> {
  return cached(probes, source.id, async () => heldOutMlmSet(await tokenizerOf(source)));
}

const progress = (ctx: JobContext<BenchJobEvent>) => (p: { step: number; totalSteps: number; loss: number; etaSeconds: number }) =>
  ctx.emit({ type: 'progress', step: p.step, totalSteps: p.totalSteps, loss: p.loss, etaSeconds: p.etaSeconds });

async function runPhaseA(job: PhaseAJob, ctx: JobContext<BenchJobEvent>): Promise<BenchJobResult> {
  const started = performance.now();
  const taskA = await taskOf(job.source, job.taskA, job.data);
  const model = await loadModel(job.source, { seed: job.settings.seed, heads: [] });
  try {
    const probe = model.hasMlmHead ? await probeOf(job.source) : null;
    const { optimizerState, ...figures } = await trainPhaseA({
      model,
      taskA,
      lr: job.lr,
      settings: job.settings,
      mlm: probe,
      onProgress: progress(ctx),
    });
    const seconds = (performance.now() - started) / 1000;
    const entry = await writePhaseA(job.cacheDir, job.key, model, { ...figures, seconds }, optimizerState);
    return { kind: 'phase-a', dir: entry.dir, seconds, ...figures };
  } finally {
    model.dispose();
  }
}

async function runPhaseB(job: PhaseBJob, ctx: JobContext<BenchJobEvent>): Promise<BenchJobResult> {
  const started = performance.now();
  const [taskA, taskB] = await Promise.all([taskOf(job.source, job.taskA, job.data), taskOf(job.source, job.taskB, job.data)]);
  const model: BertModel = await loadModel(checkpointSource(job.phaseADir), { seed: job.settings.seed, heads: [] });
  try {
    const probe = model.hasMlmHead ? await probeOf(job.source) : null;
    const carriedState =
      job.settings.optimizer === 'paper' ? await loadOptimizerState(join(job.phaseADir, PHASE_A_OPTIMIZER_FILE)) : undefined;
    const outcome = await trainPhaseB({
      ...(carriedState === undefined ? {} : { carriedState }),
      model,
      taskA,
      taskB,
      lr: job.lr,
      settings: job.settings,
      split: job.split,
      mlm: probe,
      onProgress: progress(ctx),
      ...(job.ewcLambda === undefined ? {} : { ewcLambda: job.ewcLambda }),
      ...(job.ewcFisher === undefined ? {} : { ewcFisher: job.ewcFisher }),
      ...(job.l2spAlpha === undefined ? {} : { l2spAlpha: job.l2spAlpha }),
      ...(job.replay === undefined ? {} : { replay: job.replay }),
      ...(job.reportEpochs ? { onEpoch: async (epoch, f) => (await ctx.ask({ type: 'epoch', epoch, pO: f.pO, pS: f.pS })) === true } : {}),
    });
    return { kind: 'phase-b', seconds: (performance.now() - started) / 1000, ...outcome };
  } finally {
    model.dispose();
  }
}

/** What runSequence needs to start after a cached first stage: the untrained model's scores, and A's Adam state under `paper`. */
async function firstStageOf(job: SequenceJob, tasks: readonly PreparedTask[]) {
  // The untrained model's scores are the same for every method of a seed: loaded and scored once per thread.
  const before = await cached(baselines, JSON.stringify([job.source.id, job.settings.seed, job.tasks, job.data]), async () => {
    const untrained = await loadModel(job.source, { seed: job.settings.seed, heads: [] });
    try {
      return await streamBaseline(untrained, tasks);
    } finally {
      untrained.dispose();
    }
  });
  const dir = job.firstStage?.dir;
  // The runner fills the folder in from the key (resolveFirstStage) before the job gets here.
  if (dir === undefined) throw new Error(`sequence job ${job.label}: its first stage has no folder on this machine`);
  return job.settings.optimizer === 'paper'
    ? { before, optimizerState: await loadOptimizerState(join(dir, PHASE_A_OPTIMIZER_FILE)) }
    : { before };
}

async function runSequenceJob(job: SequenceJob, ctx: JobContext<BenchJobEvent>): Promise<BenchJobResult> {
  const started = performance.now();
  const tasks = await Promise.all(job.tasks.map((name) => taskOf(job.source, name, job.data)));
  const firstStage = job.firstStage === undefined ? undefined : await firstStageOf(job, tasks);
  const model = await loadModel(job.firstStage?.dir === undefined ? job.source : checkpointSource(job.firstStage.dir), {
    seed: job.settings.seed,
    heads: [],
  });
  try {
    // One bar for the whole stream: stage i of T fills the i-th T-th of it; the ETA counts the
    // stages still to come at the pace of the current one (tasks differ in size: a rough figure).
    const stages = job.tasks.length;
    const { r, before } = await runSequence({
      model,
      tasks,
      lrFirst: job.lrFirst,
      lr: job.lr,
      settings: job.settings,
      ...(job.l2spAlpha === undefined ? {} : { l2sp: { alpha: job.l2spAlpha } }),
      ...(job.ewc === undefined ? {} : { ewc: job.ewc }),
      ...(job.replay === undefined ? {} : { replay: job.replay }),
      ...(firstStage === undefined ? {} : { firstStage }),
      onProgress: (stage, p) => {
        const stageSeconds = p.step === 0 ? 0 : p.etaSeconds / (1 - p.step / p.totalSteps || 1);
        ctx.emit({
          type: 'progress',
          step: stage * p.totalSteps + p.step,
          totalSteps: stages * p.totalSteps,
          loss: p.loss,
          etaSeconds: p.etaSeconds + (stages - stage - 1) * stageSeconds,
        });
      },
    });
    return { kind: 'sequence', r, before, seconds: (performance.now() - started) / 1000 };
  } finally {
    model.dispose();
  }
}

const lengthsOf = (examples: readonly Example[]): number[] => examples.map((e) => e.inputIds.length);

/** Times the model at the run's batch size and longest training example; reports the lengths to batch. */
async function runProbe(job: ProbeJob): Promise<BenchJobResult> {
  const [taskA, taskB] = await Promise.all([taskOf(job.source, job.taskA, job.data), taskOf(job.source, job.taskB, job.data)]);
  const lengths: Record<string, SplitLengths> = {};
  for (const t of [taskA, taskB])
    lengths[t.name] = { train: lengthsOf(t.train), validation: lengthsOf(t.validation), test: lengthsOf(t.test) };
  const seqLength = [taskA, taskB].reduce((m, t) => t.train.reduce((n, e) => Math.max(n, e.inputIds.length), m), 1);
  const started = performance.now();
  const model = await loadModel(job.source, { seed: 0, heads: [] });
  const loadSeconds = (performance.now() - started) / 1000;
  try {
    const measurement = await measureStepCost({ model, head: taskA.head, batchSize: job.batchSize, seqLength });
    let mlm: PassCost | null = null;
    let mlmLengths: number[] = [];
    if (model.hasMlmHead) {
      const probe = await probeOf(job.source);
      mlmLengths = lengthsOf(probe.examples);
      // One batch of the held-out rows, as probeMlm runs them (after the steps above: warm).
      const rows = probe.examples.slice(0, 64);
      const t = performance.now();
      await evaluateMlm({ model, examples: rows, masking: probe.masking, seed: probe.seed });
      const longest = rows.reduce((n, e) => Math.max(n, e.inputIds.length), 1);
      mlm = fitPassCost([{ batchSize: rows.length, seqLength: longest, seconds: (performance.now() - t) / 1000 }]);
    }
    return { kind: 'probe', measurement, seqLength, mlm, mlmLengths, loadSeconds, lengths };
  } finally {
    model.dispose();
  }
}

/** Emscripten's abort (a failed allocation, in practice) says only "Aborted()"; name the likely cause and the fix. */
function explainAbort(error: unknown, batchSize: number): unknown {
  if (!(error instanceof Error) || !error.message.startsWith('Aborted(')) return error;
  return new CellFailedError(
    `the wasm backend aborted, most likely out of its heap (at most ${(WASM_HEAP_LIMIT_BYTES / 2 ** 30).toFixed(1)} GiB per worker) ` +
      `at batch ${batchSize}; try a smaller --batch-size or --max-seq-len`,
    { cause: error },
  );
}

serveJobs<BenchJob, BenchJobResult, BenchJobEvent>(async (job, ctx) => {
  backendReady ??= initBackend();
  await backendReady;
  try {
    if (job.kind === 'probe') return await runProbe(job);
    if (job.kind === 'sequence') return await runSequenceJob(job, ctx);
    return job.kind === 'phase-a' ? await runPhaseA(job, ctx) : await runPhaseB(job, ctx);
  } catch (error) {
    throw explainAbort(error, job.kind === 'probe' ? job.batchSize : job.settings.batchSize);
  }
});
