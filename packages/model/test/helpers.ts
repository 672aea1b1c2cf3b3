// Shared test helpers (not part of the package).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, type BackendChoice } from '../src/backend.js';
import { readSafetensors, type SafetensorsFile } from '../src/io/safetensors.js';
import { findSharedData } from '../../../vitest.data.js';

/** test/fixtures/ as an absolute path. */
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** Switches TensorFlow.js to a backend (initialising it on first use). */
export async function useBackend(choice: Extract<BackendChoice, 'wasm' | 'cpu'>): Promise<void> {
  if (tf.getBackend() === choice) return;
  await initBackend({ backend: choice });
}

/** Reads a fixture safetensors file. */
export function readFixture(relative: string): SafetensorsFile {
  return readSafetensors(readFileSync(FIXTURES + relative), relative);
}

/** max |a_i - b_i|. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** mean |a_i - b_i|. */
export function meanAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]! - b[i]!);
  return s / Math.max(1, a.length);
}

/** ||a - b|| / max(||b||, tiny): the relative error used for gradient checks. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i]! - b[i]!) ** 2;
    den += b[i]! ** 2;
  }
  return Math.sqrt(num) / Math.max(Math.sqrt(den), 1e-30);
}

/** A tiny architecture for fast unit tests. */
export const TINY_CONFIG = {
  vocabSize: 40,
  hiddenSize: 16,
  numLayers: 2,
  numHeads: 2,
  intermediateSize: 32,
  hiddenAct: 'gelu',
  maxPositions: 32,
  typeVocabSize: 2,
  layerNormEps: 1e-12,
  hiddenDropout: 0.1,
  attentionDropout: 0.1,
  classifierDropout: null,
  padTokenId: 0,
  initializerRange: 0.02,
} as const;

/** Seeded toy examples: ids in [5, 40), lengths 4..12, label 1 when token 7 occurs. */
export function toyExamples(count: number, seed: number): { inputIds: Int32Array; tokenTypeIds: Int32Array; label: number }[] {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  return Array.from({ length: count }, () => {
    const len = 4 + Math.floor(next() * 9);
    const ids = Int32Array.from({ length: len }, (_, i) => (i === 0 ? 1 : 5 + Math.floor(next() * 35)));
    if (next() < 0.5) ids[1 + Math.floor(next() * (len - 1))] = 7;
    else for (let i = 1; i < len; i++) if (ids[i] === 7) ids[i] = 8;
    const types = Int32Array.from({ length: len }, (_, i) => (i >= len / 2 ? 1 : 0));
    return { inputIds: ids, tokenTypeIds: types, label: ids.includes(7) ? 1 : 0 };
  });
}

/** The shared data root, holding glue/ and vocab/ (see findSharedData: throws, never skips). */
export function findDataDir(): string {
  return findSharedData().dataDir;
}

/** Sentences of a GLUE TSV as crude WordPiece-free ids: lower-cased words looked up in vocab.txt. */
export function glueExamples(dataDir: string, task: string, count: number): { inputIds: Int32Array; label: number }[] {
  const vocab = new Map(
    readFileSync(`${dataDir}/vocab/bert-base-uncased/vocab.txt`, 'utf8')
      .split('\n')
      .map((w, i) => [w, i] as const),
  );
  const [header, ...rows] = readFileSync(`${dataDir}/glue/${task}/train.tsv`, 'utf8').trim().split('\n');
  const cols = header!.split('\t');
  const s = cols.indexOf('sentence');
  const l = cols.indexOf('label');
  return rows.slice(0, count).map((row) => {
    const f = row.split('\t');
    const words = f[s]!.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 62);
    const ids = [101, ...words.map((w) => vocab.get(w) ?? 100), 102];
    return { inputIds: Int32Array.from(ids), label: Number(f[l]) };
  });
}

/** Index of the first element whose bits differ (-1 when identical); fast on large arrays. */
export function firstBitDifference(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return i;
  return -1;
}
