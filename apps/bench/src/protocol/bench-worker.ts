// A bench worker thread: holds one TensorFlow.js backend and caches (tokenizer, prepared tasks, the
// MLM probe) across the jobs it runs.
import { initBackend, type BertModel } from '@lrdist/model';
import type { BertTokenizer } from '@lrdist/tokenizer';
import { prepareTask, type PreparedTask } from '../data/prepare-task.js';
import { loadModel, loadSourceTokenizer, type ModelSource } from '../model/model-source.js';
import { serveJobs, type JobContext } from '../parallel/worker-host.js';
import { prepareHeldOutRows } from '../pretrain/prepare-corpus.js';
import { HELD_OUT_MASK_SEED } from '../pretrain/held-out-seed.js';
import { DEFAULT_PRETRAIN_CONFIG } from '../pretrain/pretrain-config.js';
import type { BenchJob, BenchJobEvent, BenchJobResult, DataSpec, PhaseAJob, PhaseBJob } from './jobs.js';
import { writePhaseA } from './phase-a-cache.js';
import { trainPhaseA, trainPhaseB, type MlmProbe } from './phases.js';

let backendReady: Promise<unknown> | null = null;
const tokenizers = new Map<string, Promise<BertTokenizer>>();
const tasks = new Map<string, Promise<PreparedTask>>();
const probes = new Map<string, Promise<MlmProbe>>();

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
      ...(data.dataDir === undefined ? {} : { dataDir: data.dataDir }),
      ...(data.maxTrain === null ? {} : { maxTrain: data.maxTrain }),
      ...(data.maxEval === null ? {} : { maxEval: data.maxEval }),
    }),
  );
}

/** The held-out WordNet rows of pretraining: what "pretrained knowledge" is measured on. */
function probeOf(source: ModelSource): Promise<MlmProbe> {
  return cached(probes, source.id, async () => {
    const tokenizer = await tokenizerOf(source);
    // The held-out glosses of pretraining (DEFAULT_PRETRAIN_CONFIG's split), masked the same way every time.
    const rows = await prepareHeldOutRows({ tokenizer, seqLength: DEFAULT_PRETRAIN_CONFIG.seqLength, heldOutFraction: DEFAULT_PRETRAIN_CONFIG.heldOutFraction, seed: DEFAULT_PRETRAIN_CONFIG.seed });
    return {
      examples: rows.map((inputIds) => ({ inputIds })),
      masking: {
        maskTokenId: tokenizer.specialIds.mask,
        vocabSize: tokenizer.vocabSize,
        specialTokenIds: [tokenizer.specialIds.cls, tokenizer.specialIds.sep, tokenizer.specialIds.pad],
      },
      seed: HELD_OUT_MASK_SEED,
    };
  });
}

const progress = (ctx: JobContext<BenchJobEvent>) => (p: { step: number; totalSteps: number; loss: number; etaSeconds: number }) =>
  ctx.emit({ type: 'progress', step: p.step, totalSteps: p.totalSteps, loss: p.loss, etaSeconds: p.etaSeconds });

async function runPhaseA(job: PhaseAJob, ctx: JobContext<BenchJobEvent>): Promise<BenchJobResult> {
  const started = performance.now();
  const taskA = await taskOf(job.source, job.taskA, job.data);
  const model = await loadModel(job.source, { seed: job.settings.seed, heads: [] });
  try {
    const probe = model.hasMlmHead ? await probeOf(job.source) : null;
    const figures = await trainPhaseA({ model, taskA, lrs: job.lrs, settings: job.settings, mlm: probe, onProgress: progress(ctx) });
    const seconds = (performance.now() - started) / 1000;
    const entry = await writePhaseA(job.cacheDir, job.key, model, { ...figures, seconds });
    return { kind: 'phase-a', dir: entry.dir, seconds, ...figures };
  } finally {
    model.dispose();
  }
}

async function runPhaseB(job: PhaseBJob, ctx: JobContext<BenchJobEvent>): Promise<BenchJobResult> {
  const started = performance.now();
  const [taskA, taskB] = await Promise.all([taskOf(job.source, job.taskA, job.data), taskOf(job.source, job.taskB, job.data)]);
  const model: BertModel = await loadModel({ kind: 'checkpoint', spec: job.phaseADir, dir: job.phaseADir, id: job.phaseADir, preset: 'custom' }, { seed: job.settings.seed, heads: [] });
  try {
    const probe = model.hasMlmHead ? await probeOf(job.source) : null;
    const outcome = await trainPhaseB({
      model,
      taskA,
      taskB,
      lrs: job.lrs,
      settings: job.settings,
      split: job.split,
      mlm: probe,
      onProgress: progress(ctx),
      ...(job.ewcLambda === undefined ? {} : { ewcLambda: job.ewcLambda }),
      ...(job.reportEpochs ? { onEpoch: async (epoch, f) => (await ctx.ask({ type: 'epoch', epoch, pO: f.pO, pS: f.pS })) === true } : {}),
    });
    return { kind: 'phase-b', seconds: (performance.now() - started) / 1000, ...outcome };
  } finally {
    model.dispose();
  }
}

serveJobs<BenchJob, BenchJobResult, BenchJobEvent>(async (job, ctx) => {
  backendReady ??= initBackend();
  await backendReady;
  return job.kind === 'phase-a' ? runPhaseA(job, ctx) : runPhaseB(job, ctx);
});
