// Hugging Face checkpoint folders (config.json + model.safetensors) to and from BertModel.
// Accepted on load: the `bert.` prefix, old `gamma`/`beta` LayerNorm names, BertForSequence-
// Classification's `classifier.*` (mapped onto one task head), BertForMaskedLM's `cls.predictions.*`
// (decoder tied to the word embeddings). Dense weights are stored [out, in] and transposed here.
// Nothing is assigned until every tensor has been checked, so a bad file never half-loads.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { createBertModel, type BertModel } from '../bert/bert-model.js';
import { parseHfConfigJson, parseBertConfig, toHfConfigJson } from '../bert/config.js';
import { headPrefix, type HeadSpec } from '../bert/heads.js';
import {
  CheckpointIoError,
  CheckpointMismatchError,
  CheckpointShapeError,
  InvalidConfigError,
  InvalidOptionsError,
  ModelError,
} from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { decodeTensor, encodeSafetensors, readSafetensors, type SafetensorsEntry, type SafetensorsInput } from './safetensors.js';

/** Name prefixes dropped on load by default (reported in `ignored`): NSP head and position-id buffers. */
export const DEFAULT_IGNORED_PREFIXES: readonly string[] = ['cls.seq_relationship.', 'embeddings.position_ids'];

/** Options of {@link loadBertCheckpoint}. */
export interface LoadBertCheckpointOptions {
  /** Folder holding config.json and model.safetensors. */
  readonly dir: string;
  /** Head that HF's `classifier.*` tensors load into. Default "classifier". */
  readonly classifierHead?: string;
  /** Extra heads to create (freshly initialised) besides those in the checkpoint. Default none. */
  readonly heads?: readonly HeadSpec[];
  /** Create the MLM head: true, false, or "auto" (when the file has one). Default "auto". */
  readonly mlmHead?: boolean | 'auto';
  /** Name prefixes that may be absent from the file and stay initialised (e.g. "pooler."). Default none. */
  readonly allowMissing?: readonly string[];
  /** Name prefixes of file tensors to drop. Default {@link DEFAULT_IGNORED_PREFIXES}. */
  readonly ignoreUnexpected?: readonly string[];
  /** Seed for whatever is initialised fresh. Default 0. */
  readonly seed?: number;
}

/** A loaded model and what the load did besides copying tensors. */
export interface LoadedBertCheckpoint {
  readonly model: BertModel;
  /** Model variables not in the file (allowed by `allowMissing` or new heads): left initialised. */
  readonly initialised: readonly string[];
  /** File tensors dropped by `ignoreUnexpected` or tied duplicates. */
  readonly ignored: readonly string[];
}

/** Loads a Hugging Face BERT checkpoint folder into a new model. */
export async function loadBertCheckpoint(options: LoadBertCheckpointOptions): Promise<LoadedBertCheckpoint> {
  const configPath = join(options.dir, 'config.json');
  const weightsPath = join(options.dir, 'model.safetensors');
  const configJson = await readJson(configPath);
  const bytes = await readBytes(weightsPath);
  return loadBertWeights({ ...options, configJson, configPath, bytes, weightsPath });
}

/** Like loadBertCheckpoint, from an in-memory config.json value and safetensors bytes. */
export function loadBertWeights(
  options: Omit<LoadBertCheckpointOptions, 'dir'> & {
    readonly configJson: unknown;
    readonly bytes: Uint8Array;
    readonly configPath?: string;
    readonly weightsPath?: string;
  },
): LoadedBertCheckpoint {
  const configPath = options.configPath ?? 'config.json';
  const file = options.weightsPath ?? 'model.safetensors';
  const config = parseBertConfig(options.configJson, configPath);
  const hfJson = parseHfConfigJson(options.configJson, configPath);
  const st = readSafetensors(options.bytes, file);
  const ignorePrefixes = options.ignoreUnexpected ?? DEFAULT_IGNORED_PREFIXES;
  const classifierHead = options.classifierHead ?? 'classifier';

  // Normalise names: strip `bert.`, gamma/beta -> weight/bias, classifier -> heads.<name>.
  const byName = new Map<string, SafetensorsEntry>();
  const ignored: string[] = [];
  const tiedDecoder: SafetensorsEntry[] = [];
  for (const entry of st.header.entries.values()) {
    const name = normaliseName(entry.name, classifierHead);
    if (name === 'cls.predictions.decoder.weight' || name === 'cls.predictions.decoder.bias') {
      tiedDecoder.push(entry);
      continue;
    }
    const clash = byName.get(name);
    if (clash !== undefined) {
      throw new CheckpointMismatchError([], [entry.name], `${file}: \`${entry.name}\` and \`${clash.name}\` both map to \`${name}\``);
    }
    byName.set(name, entry);
  }
  // The decoder is tied to the word embeddings; its bias is cls.predictions.bias under another name.
  for (const e of tiedDecoder) {
    if (e.name.endsWith('decoder.bias') && !byName.has('cls.predictions.bias')) byName.set('cls.predictions.bias', e);
    else ignored.push(e.name);
  }

  const heads: HeadSpec[] = [];
  for (const h of hfJson.lrdist_heads ?? []) heads.push({ name: h.name, kind: h.kind, numLabels: h.num_labels });
  if (byName.has(`${headPrefix(classifierHead)}weight`) && !heads.some((h) => h.name === classifierHead)) {
    const numLabels = hfJson.num_labels ?? (hfJson.id2label === undefined ? 2 : Object.keys(hfJson.id2label).length);
    const kind = hfJson.problem_type === 'regression' || numLabels === 1 ? 'regression' : 'classification';
    heads.push({ name: classifierHead, kind, numLabels });
  }
  // Heads saved by lrdist without their specs in config.json: infer them from the weight shape.
  for (const [name, entry] of byName) {
    const m = /^heads\.([A-Za-z0-9_-]+)\.weight$/.exec(name);
    if (m === null || heads.some((h) => h.name === m[1]) || entry.shape.length !== 2) continue;
    const numLabels = entry.shape[0]!;
    heads.push({ name: m[1]!, kind: numLabels === 1 ? 'regression' : 'classification', numLabels });
  }
  const fileHeads = new Set(heads.map((h) => h.name));
  for (const h of options.heads ?? []) if (!fileHeads.has(h.name)) heads.push(h);
  const hasMlm = [...byName.keys()].some((n) => n.startsWith('cls.predictions.'));
  const mlm = options.mlmHead === undefined || options.mlmHead === 'auto' ? hasMlm : options.mlmHead;

  let model: BertModel;
  try {
    model = createBertModel({ config, seed: options.seed ?? 0, heads, mlmHead: mlm });
  } catch (e) {
    if (e instanceof ModelError) throw e;
    throw new InvalidConfigError(`cannot build the model described by ${configPath}`, { cause: e });
  }
  try {
    const freshHeads = new Set((options.heads ?? []).filter((h) => !fileHeads.has(h.name)).map((h) => headPrefix(h.name)));
    const allowMissing = options.allowMissing ?? [];
    const missing: string[] = [];
    const initialised: string[] = [];
    const values = new Map<string, Float32Array>();
    for (const [name, variable] of model.variables) {
      const entry = byName.get(name);
      if (entry === undefined) {
        const fresh = [...freshHeads].some((p) => name.startsWith(p)) || allowMissing.some((p) => name.startsWith(p));
        if (fresh) initialised.push(name);
        else missing.push(name);
        continue;
      }
      byName.delete(name);
      const spec = model.variableSpec(name);
      const fileShape = spec.transposedInCheckpoint ? [...variable.shape].reverse() : [...variable.shape];
      if (entry.shape.length !== fileShape.length || entry.shape.some((d, i) => d !== fileShape[i])) {
        throw new CheckpointShapeError(entry.name, fileShape, entry.shape, file);
      }
      const decoded = decodeTensor(options.bytes, entry);
      if (!(decoded.data instanceof Float32Array)) {
        throw new CheckpointShapeError(entry.name, fileShape, entry.shape, `${file}: dtype ${entry.dtype} is not a float type`);
      }
      values.set(name, spec.transposedInCheckpoint ? transpose2d(decoded.data, fileShape[0]!, fileShape[1]!) : decoded.data);
    }
    const unexpected: string[] = [];
    for (const [name, entry] of byName) {
      if (ignorePrefixes.some((p) => name.startsWith(p) || entry.name.startsWith(p))) ignored.push(entry.name);
      else unexpected.push(entry.name);
    }
    if (missing.length > 0 || unexpected.length > 0) throw new CheckpointMismatchError(missing, unexpected, file);
    tf.tidy(() => {
      for (const [name, data] of values) {
        const v = model.variable(name);
        v.assign(tf.tensor(data, v.shape, 'float32'));
      }
    });
    return { model, initialised, ignored };
  } catch (e) {
    model.dispose();
    throw e;
  }
}

/** Options of {@link saveBertCheckpoint}. */
export interface SaveBertCheckpointOptions {
  /** Storage type of the weights. Default "float32". */
  readonly dtype?: 'float32' | 'float16';
  /** Prefix encoder names with `bert.` (as BertFor* models save). Default false. */
  readonly bertPrefix?: boolean;
}

/** Writes config.json and model.safetensors (Hugging Face names and layouts) into `dir`, each atomically. */
export async function saveBertCheckpoint(model: BertModel, dir: string, options: SaveBertCheckpointOptions = {}): Promise<void> {
  const bytes = await encodeBertWeights(model, options);
  const configJson = toHfConfigJson(model.config, {
    architectures: [model.hasMlmHead ? 'BertForMaskedLM' : 'BertModel'],
    lrdist_heads: model.heads.map((h) => ({ name: h.name, kind: h.kind, num_labels: h.numLabels })),
  });
  try {
    await mkdir(dir, { recursive: true });
    await writeFileAtomic(join(dir, 'model.safetensors'), bytes);
    await writeFileAtomic(join(dir, 'config.json'), `${JSON.stringify(configJson, null, 2)}\n`);
  } catch (cause) {
    throw new CheckpointIoError(`cannot write the checkpoint to ${dir}: ${(cause as Error).message}`, { cause });
  }
}

/** The model's weights as safetensors bytes (Hugging Face names, dense weights [out, in]). */
export async function encodeBertWeights(model: BertModel, options: SaveBertCheckpointOptions = {}): Promise<Uint8Array> {
  const dtype = options.dtype ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'float16') {
    throw new InvalidOptionsError(`\`dtype\` must be float32 or float16, got ${String(dtype)}`);
  }
  const tensors = new Map<string, SafetensorsInput>();
  for (const [name, v] of model.variables) {
    const spec = model.variableSpec(name);
    const data = (await v.data()) as Float32Array;
    const shape = spec.transposedInCheckpoint ? [v.shape[1]!, v.shape[0]!] : [...v.shape];
    const values = spec.transposedInCheckpoint ? transpose2d(data, v.shape[0]!, v.shape[1]!) : data;
    const prefixed = options.bertPrefix === true && isEncoderName(name) ? `bert.${name}` : name;
    tensors.set(prefixed, { shape, data: values, dtype: dtype === 'float16' ? 'F16' : 'F32' });
  }
  return encodeSafetensors(tensors, { format: 'pt', written_by: '@lrdist/model' });
}

function isEncoderName(name: string): boolean {
  return name.startsWith('embeddings.') || name.startsWith('encoder.') || name.startsWith('pooler.');
}

function normaliseName(raw: string, classifierHead: string): string {
  let name = raw.startsWith('bert.') ? raw.slice(5) : raw;
  if (name.startsWith('classifier.')) name = `${headPrefix(classifierHead)}${name.slice('classifier.'.length)}`;
  if (name.includes('LayerNorm.'))
    name = name.replace(/LayerNorm\.gamma$/, 'LayerNorm.weight').replace(/LayerNorm\.beta$/, 'LayerNorm.bias');
  return name;
}

/** Transposes a row-major [rows, cols] matrix. */
export function transpose2d(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  const block = 32;
  for (let r0 = 0; r0 < rows; r0 += block) {
    const r1 = Math.min(rows, r0 + block);
    for (let c0 = 0; c0 < cols; c0 += block) {
      const c1 = Math.min(cols, c0 + block);
      for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) out[c * rows + r] = data[r * cols + c]!;
    }
  }
  return out;
}

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new CheckpointIoError(`cannot read ${path}: ${(cause as Error).message}`, { cause });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new InvalidConfigError(`${path} must be JSON: ${(cause as Error).message}`, { cause });
  }
}

async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (cause) {
    throw new CheckpointIoError(`cannot read ${path}: ${(cause as Error).message}`, { cause });
  }
}
