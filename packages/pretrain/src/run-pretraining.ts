import { appendFile, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { createBertModel, hashConfig, initBackend, spawnModuleWorker, trainableVariableNames, writeFileAtomic } from '@lrdist/model';
import { loadTokenizer, writeTokenizerFiles, type BertTokenizer } from '@lrdist/tokenizer';
import { PretrainWorkerError } from './errors.js';
import { abortBarrier } from './parallel/shared-barrier.js';
import { createSharedReducerMemory } from './parallel/shared-gradient-reducer.js';

import type { CurvePoint } from './loss-curve-svg.js';
import { renderLossCurveSvg } from './loss-curve-svg.js';
import type { PretrainConfig } from './pretrain-config.js';
import { prepareCorpus, shareRows, type PreparedCorpus } from './prepare-corpus.js';
import { renderPretrainingMarkdown, type PretrainingSummary } from './pretraining-report.js';
import type { PretrainWorkerData, PretrainWorkerMessage } from './pretrain-worker.js';

/**
 * Where {@link runPretraining} reports: lines of news, and the live step, loss and ETA of the run
 * (the bench CLI passes its progress display; a script can print or ignore them).
 */
export interface PretrainProgress {
  log(line: string): void;
  update(id: string, task: { phase: string; label: string; step: number; totalSteps: number; loss?: number; etaSeconds?: number }): void;
  setOverall(title: string, done: number, total: number): void;
  remove(id: string): void;
}

/** Options of {@link runPretraining}. */
export interface RunPretrainingOptions {
  config: PretrainConfig;
  /** Where the model folder is written. */
  outDir: string;
  /** Where checkpoints and the curve of an unfinished run live (resume). */
  workDir: string;
  display: PretrainProgress;
  /** `$LRDIST_BACKEND`-style choice for the workers. Default: the environment's. */
  backend?: string;
  /** The exact command, for PRETRAINING.md. */
  command: string;
}

/** Trainable values of the MLM model (the size of one gradient exchange). */
async function countTrainableValues(config: PretrainConfig): Promise<number> {
  await initBackend({ backend: 'cpu' });
  const model = createBertModel({ config: config.model, seed: 0, mlmHead: true });
  const objective = { kind: 'mlm', masking: { maskTokenId: 0, vocabSize: model.config.vocabSize, specialTokenIds: [] } } as const;
  const n = trainableVariableNames(model, objective).reduce((a, name) => a + model.variable(name).size, 0);
  model.dispose();
  return n;
}

/** Steps of the `step-XXXXXXXX` checkpoints in a folder. */
async function checkpointSteps(dir: string): Promise<number[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.flatMap((n) => (/^step-(\d+)$/.exec(n) ? [Number(n.slice(5))] : []));
}

/**
 * Makes every rank resume from the same step: keeps the newest checkpoint all ranks have and
 * deletes newer ones (a kill between two ranks' saves leaves them one checkpoint apart).
 */
export async function alignCheckpoints(dirs: readonly string[]): Promise<number> {
  const perRank = await Promise.all(dirs.map(checkpointSteps));
  const common = perRank.reduce((acc, steps) => acc.filter((s) => steps.includes(s)));
  const target = common.length === 0 ? 0 : Math.max(...common);
  await Promise.all(
    dirs.flatMap((dir, r) =>
      perRank[r]!.filter((s) => s > target || (target === 0 && s > 0)).map((s) =>
        rm(join(dir, `step-${String(s).padStart(8, '0')}`), { recursive: true, force: true }),
      ),
    ),
  );
  return target;
}

/** Reads the training curve kept in the work folder (one JSON point per line). */
async function readCurve(path: string): Promise<{ train: CurvePoint[]; heldOut: (CurvePoint & { accuracy: number })[] }> {
  const text = await readFile(path, 'utf8').catch(() => '');
  const train: CurvePoint[] = [];
  const heldOut: (CurvePoint & { accuracy: number })[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const p = JSON.parse(line) as { kind: string; step: number; loss: number; accuracy?: number };
      if (p.kind === 'train') train.push({ step: p.step, loss: p.loss });
      else if (p.kind === 'held-out') heldOut.push({ step: p.step, loss: p.loss, accuracy: p.accuracy ?? Number.NaN });
    } catch {
      // A torn last line from a kill: the point is simply missing.
    }
  }
  return { train, heldOut };
}

/** Pretrains the `mini` encoder with MLM on WordNet glosses and writes the model folder. */
export async function runPretraining(options: RunPretrainingOptions): Promise<PretrainingSummary> {
  const { config, display } = options;
  const configHash = hashConfig(config);
  const workDir = join(options.workDir, configHash);
  await mkdir(workDir, { recursive: true });
  const tokenizer: BertTokenizer = await loadTokenizer();
  display.log(`pretrain: building the WordNet gloss corpus (seq ${config.seqLength}, held out ${config.heldOutFraction * 100}%)`);
  const corpus: PreparedCorpus = await prepareCorpus({
    tokenizer,
    seqLength: config.seqLength,
    heldOutFraction: config.heldOutFraction,
    seed: config.seed,
  });
  const s = corpus.stats;
  display.log(
    `pretrain: ${s.sentences.toLocaleString('en')} sentences (${s.trainTokens.toLocaleString('en')} WordPiece tokens) -> ` +
      `${s.trainSequences.toLocaleString('en')} training rows, ${s.heldOutSequences} held-out rows`,
  );
  const masking = {
    maskTokenId: tokenizer.specialIds.mask,
    vocabSize: tokenizer.vocabSize,
    specialTokenIds: [tokenizer.specialIds.cls, tokenizer.specialIds.sep, tokenizer.specialIds.pad],
  };
  const memory = createSharedReducerMemory(config.workers, await countTrainableValues(config));
  const rankDirs = Array.from({ length: config.workers }, (_, r) => join(workDir, `rank-${r}`));
  const resumeStep = await alignCheckpoints(rankDirs);
  const curvePath = join(workDir, 'curve.jsonl');
  if (resumeStep === 0) await rm(curvePath, { force: true });
  if (resumeStep > 0) display.log(`pretrain: resuming from step ${resumeStep} (${workDir})`);

  const train = shareRows(corpus.train);
  const heldOut = shareRows(corpus.heldOut);
  const started = Date.now();
  const workers: Worker[] = [];
  let backend = '';
  let done: Extract<PretrainWorkerMessage, { type: 'done' }> | null = null;
  const heldOutEvals: Extract<PretrainWorkerMessage, { type: 'eval' }>[] = [];
  let curveWrites = Promise.resolve();
  const record = (line: object): void => {
    curveWrites = curveWrites.then(() => appendFile(curvePath, `${JSON.stringify(line)}\n`));
  };

  await new Promise<void>((resolve, reject) => {
    let finished = 0;
    const fail = (error: Error): void => {
      abortBarrier(new Int32Array(memory.control));
      reject(error);
    };
    for (let rank = 0; rank < config.workers; rank++) {
      const workerData: PretrainWorkerData = {
        rank,
        config,
        masking,
        memory,
        train,
        heldOut: rank === 0 ? heldOut : null,
        checkpointDir: rankDirs[rank]!,
        outDir: rank === 0 ? options.outDir : null,
        backend: options.backend,
      };
      const worker = spawnModuleWorker(new URL('./pretrain-worker', import.meta.url), { workerData });
      workers.push(worker);
      worker.on('message', (m: PretrainWorkerMessage) => {
        if (m.type === 'ready') backend = m.backend;
        else if (m.type === 'progress' && rank === 0) {
          record({ kind: 'train', step: m.step, loss: m.loss });
          display.update('pretrain', {
            phase: 'pretrain',
            label: `mini, ${config.workers} workers`,
            step: m.step,
            totalSteps: m.totalSteps,
            loss: m.loss,
            etaSeconds: m.etaSeconds,
          });
          display.setOverall('pretrain', m.step, m.totalSteps);
        } else if (m.type === 'eval') {
          heldOutEvals.push(m);
          if (m.weights === 'float32') record({ kind: 'held-out', step: m.step, loss: m.loss, accuracy: m.accuracy });
          display.log(
            `pretrain: step ${m.step}: held-out MLM loss ${m.loss.toFixed(3)}, accuracy ${(m.accuracy * 100).toFixed(1)}% (${m.weights})`,
          );
        } else if (m.type === 'done') {
          if (rank === 0) done = m;
          if (++finished === config.workers) resolve();
        }
      });
      worker.on('error', (e) => fail(new PretrainWorkerError(`pretraining worker ${rank} failed: ${e.message}`, { cause: e })));
      worker.on('exit', (code) => {
        if (code !== 0) fail(new PretrainWorkerError(`pretraining worker ${rank} exited with code ${code}`));
      });
    }
  }).finally(async () => {
    display.remove('pretrain');
    await Promise.all(workers.map((w) => w.terminate()));
  });
  await curveWrites;
  const finished = done as Extract<PretrainWorkerMessage, { type: 'done' }> | null;
  if (finished === null) throw new PretrainWorkerError('pretraining ended without a result from worker 0');

  const curve = await readCurve(curvePath);
  const final = heldOutEvals.filter((e) => e.weights === 'float16 file').at(-1) ?? heldOutEvals.at(-1);
  const summary: PretrainingSummary = {
    config,
    configHash,
    command: options.command,
    backend,
    machine: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}`,
    corpus: corpus.stats,
    steps: finished.steps,
    wallSeconds: (Date.now() - started) / 1000,
    resumed: resumeStep > 0,
    heldOut: curve.heldOut,
    final: final === undefined ? null : { loss: final.loss, accuracy: final.accuracy, maskedTokens: final.maskedTokens },
    finishedAt: new Date().toISOString(),
  };
  await writeTokenizerFiles(options.outDir, tokenizer);
  await writeFileAtomic(
    join(options.outDir, 'loss-curve.svg'),
    renderLossCurveSvg({
      train: curve.train,
      heldOut: curve.heldOut,
      title: `MLM pretraining of mini on WordNet glosses (seed ${config.seed})`,
    }),
  );
  await writeFileAtomic(join(options.outDir, 'pretraining.json'), `${JSON.stringify({ ...summary, trainCurve: curve.train }, null, 1)}\n`);
  await writeFileAtomic(join(options.outDir, 'PRETRAINING.md'), renderPretrainingMarkdown(summary));
  tf.disposeVariables();
  return summary;
}
