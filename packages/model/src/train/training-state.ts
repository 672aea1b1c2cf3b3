// Full training-state checkpoints: weights, optimiser moments and step, RNG states and the
// position in the epoch, so that a resumed run continues bit-identically on the same backend.
// Layout of a checkpoint folder:
//   latest                       name of the newest complete checkpoint (written atomically)
//   step-00000120/config.json    Hugging Face config (the weights load with loadBertCheckpoint)
//   step-00000120/model.safetensors, optimizer.safetensors (m.<name>, v.<name>), state.json
// Each step folder is written under a temporary name and renamed into place when complete.
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { BertModel } from '../bert/bert-model.js';
import { toHfConfigJson } from '../bert/config.js';
import { CheckpointIoError, CheckpointShapeError, ModelError, TrainingStateError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { encodeBertWeights, transpose2d } from '../io/hf-checkpoint.js';
import { readSafetensors } from '../io/safetensors.js';
import { describeZodIssue } from '../util/zod-message.js';
import { decodeOptimizerState, encodeOptimizerState } from './optimizer-file.js';
import type { GroupOptimizer } from './optimizer.js';
import { trainingStateSchema, type TrainingStateJson } from './schemas.js';

/** Options of {@link saveTrainingState}. */
export interface SaveTrainingStateOptions {
  readonly dir: string;
  readonly model: BertModel;
  readonly optimizer: GroupOptimizer;
  readonly state: TrainingStateJson;
  /** Checkpoints kept (older ones are deleted). Default 1. */
  readonly keep?: number;
}

const STEP_DIR = /^step-(\d{8,})$/;

/** Writes a checkpoint folder for the current step; returns its path. */
export async function saveTrainingState(options: SaveTrainingStateOptions): Promise<string> {
  const { dir, model, optimizer, state } = options;
  const name = `step-${String(state.step).padStart(8, '0')}`;
  const tmp = join(dir, `.tmp-${name}-${randomUUID()}`);
  try {
    await mkdir(tmp, { recursive: true });
    const weights = await encodeBertWeights(model);
    const opt = await optimizer.getState();
    const configJson = toHfConfigJson(model.config, {
      lrdist_heads: model.heads.map((h) => ({ name: h.name, kind: h.kind, num_labels: h.numLabels })),
    });
    await writeFileAtomic(join(tmp, 'model.safetensors'), weights);
    await writeFileAtomic(join(tmp, 'optimizer.safetensors'), encodeOptimizerState(model, opt));
    await writeFileAtomic(join(tmp, 'config.json'), `${JSON.stringify(configJson, null, 2)}\n`);
    await writeFileAtomic(join(tmp, 'state.json'), `${JSON.stringify(state, null, 2)}\n`);
    const final = join(dir, name);
    await rm(final, { recursive: true, force: true });
    await rename(tmp, final);
    await writeFileAtomic(join(dir, 'latest'), `${name}\n`);
    await prune(dir, name, options.keep ?? 1);
    return final;
  } catch (cause) {
    await rm(tmp, { recursive: true, force: true });
    if (cause instanceof ModelError) throw cause;
    throw new CheckpointIoError(`cannot write a training checkpoint to ${dir}: ${(cause as Error).message}`, { cause });
  }
}

/** The newest complete checkpoint folder in `dir`, or null when there is none. */
export async function latestTrainingState(dir: string): Promise<string | null> {
  let pointer: string | null;
  try {
    pointer = (await readFile(join(dir, 'latest'), 'utf8')).trim();
  } catch {
    pointer = null;
  }
  if (pointer !== null && STEP_DIR.test(pointer) && (await isDir(join(dir, pointer)))) return join(dir, pointer);
  // No pointer, or it names a folder that is gone: fall back to the highest step folder.
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return null;
  }
  const steps = names.filter((n) => STEP_DIR.test(n)).sort();
  const last = steps[steps.length - 1];
  return last === undefined ? null : join(dir, last);
}

/**
 * Restores weights and optimiser state from a checkpoint folder (a `step-*` folder) and returns its
 * state.json. Everything is checked before anything is assigned.
 */
export async function loadTrainingState(folder: string, model: BertModel, optimizer: GroupOptimizer): Promise<TrainingStateJson> {
  const read = async (file: string): Promise<Uint8Array> => {
    try {
      return await readFile(join(folder, file));
    } catch (cause) {
      throw new CheckpointIoError(`cannot read ${join(folder, file)}: ${(cause as Error).message}`, { cause });
    }
  };
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(await read('state.json')));
  } catch (cause) {
    if (cause instanceof ModelError) throw cause;
    throw new TrainingStateError(`${join(folder, 'state.json')} must be JSON`, { cause });
  }
  const parsed = trainingStateSchema.safeParse(json);
  if (!parsed.success) {
    throw new TrainingStateError(`${describeZodIssue(parsed.error)} (${join(folder, 'state.json')})`, { cause: parsed.error });
  }
  const state = parsed.data;
  const expected = optimizer.variableNames;
  if (state.variables.length !== expected.length || state.variables.some((n, i) => n !== expected[i])) {
    throw new TrainingStateError(`checkpoint trains other variables than this optimiser (${folder})`);
  }
  const weightsFile = join(folder, 'model.safetensors');
  const weights = readSafetensors(await read('model.safetensors'), weightsFile);
  const values = new Map<string, Float32Array>();
  for (const [name, v] of model.variables) {
    const spec = model.variableSpec(name);
    const entry = weights.header.entries.get(name);
    const fileShape = spec.transposedInCheckpoint ? [v.shape[1]!, v.shape[0]!] : [...v.shape];
    if (entry === undefined) throw new TrainingStateError(`checkpoint must hold \`${name}\` (${weightsFile})`);
    if (entry.shape.length !== fileShape.length || entry.shape.some((d, i) => d !== fileShape[i])) {
      throw new CheckpointShapeError(name, fileShape, entry.shape, weightsFile);
    }
    const data = weights.floats(name);
    values.set(name, spec.transposedInCheckpoint ? transpose2d(data, fileShape[0]!, fileShape[1]!) : data);
  }
  const momentsFile = join(folder, 'optimizer.safetensors');
  const saved = decodeOptimizerState(await read('optimizer.safetensors'), momentsFile, expected);
  optimizer.setState({ ...saved, step: state.step });
  tf.tidy(() => {
    for (const [name, data] of values) {
      const v = model.variable(name);
      v.assign(tf.tensor(data, v.shape, 'float32'));
    }
  });
  return state;
}

async function prune(dir: string, current: string, keep: number): Promise<void> {
  const names = (await readdir(dir)).filter((n) => STEP_DIR.test(n) && n !== current).sort();
  const excess = names.length - Math.max(0, keep - 1);
  for (const n of names.slice(0, Math.max(0, excess))) await rm(join(dir, n), { recursive: true, force: true });
}

async function isDir(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
