// Adam (Kingma & Ba 2015) and AdamW (Loshchilov & Hutter 2019) with one learning rate per LR
// group, following PyTorch 1.13's torch.optim.Adam/AdamW step exactly:
//   m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
//   p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
// Adam's weight decay is L2 added to g; AdamW's is decoupled, p *= 1 - lr * wd, applied first,
// and skipped for biases and LayerNorm weights (Hugging Face's convention). Clipping by global
// norm follows torch.nn.utils.clip_grad_norm_ (coefficient max / (norm + 1e-6), only when < 1).
import * as tf from '@tensorflow/tfjs-core';
import type { BertModel } from '../bert/bert-model.js';
import { InvalidOptionsError, TrainingStateError } from '../errors.js';
import { activeSimd } from '../kernels/fast-ops.js';
import { activeNativeGemm } from '../kernels/native-kernels.js';
import type { NativeGemmAddon } from '../kernels/native-gemm.js';
import type { AdamScalars } from '../kernels/simd/simd-kernels.js';
import { f32Offset, heapF32, wrapTensorInfo, type WasmBackendInternals } from '../kernels/wasm-backend.js';
import { resolveParamGroups, type GroupLearningRates, type ResolvedGroup } from './param-groups.js';
import { lrFactor, validateSchedule, type LrSchedule } from './schedules.js';

/** Options of {@link createOptimizer}. */
export interface OptimizerOptions {
  /** The model whose variables are trained. */
  readonly model: BertModel;
  /** Learning rate of each LR group. */
  readonly lr: GroupLearningRates;
  /** Which variables train. Default: every variable of the model (see trainableVariableNames). */
  readonly variables?: readonly string[];
  /** Default "adamw". */
  readonly kind?: 'adam' | 'adamw';
  /** Default [0.9, 0.999]. */
  readonly betas?: readonly [number, number];
  /** Default 1e-8. */
  readonly eps?: number;
  /** Default 0.01 for AdamW, 0 for Adam (L2, as PyTorch's Adam). */
  readonly weightDecay?: number;
  /** Default constant. */
  readonly schedule?: LrSchedule;
  /** Clip the global gradient norm to this value; default none. */
  readonly clipNorm?: number;
  /**
   * Update embedding matrices only on the rows a step touched (TensorFlow's LazyAdam): rows
   * outside the batch keep their weights and moments (and get no AdamW decay), where PyTorch's
   * dense Adam decays the moments and keeps moving every row. Only applied when apply() is given the touched rows
   * (trainStep does so for head objectives without a regulariser). Default false.
   */
  readonly lazyEmbeddings?: boolean;
}

/** Extra information for one update. */
export interface ApplyOptions {
  /** Rows of embedding variables that have a gradient this step (for lazyEmbeddings). */
  readonly rows?: ReadonlyMap<string, Int32Array>;
}

/** What one update did. */
export interface StepReport {
  /** 1-based index of the update just applied. */
  readonly step: number;
  /** Learning rate used by each group. */
  readonly lrs: Readonly<Record<string, number>>;
  /** Global gradient norm before clipping (computed only when clipping). */
  readonly gradNorm?: number;
}

/** Optimiser state as stored in a training checkpoint. */
export interface OptimizerState {
  /** Updates applied by this optimiser (what the LR schedule counts). */
  readonly step: number;
  readonly moments: ReadonlyMap<string, { readonly m: Float32Array; readonly v: Float32Array }>;
  /**
   * Adam updates behind each variable's moments where that differs from `step` (moments carried in
   * from an earlier optimiser by carryMoments; Adam's bias correction counts them).
   */
  readonly momentSteps?: ReadonlyMap<string, number>;
}

/** A per-group Adam/AdamW optimiser bound to a model's variables. */
export interface GroupOptimizer {
  readonly kind: 'adam' | 'adamw';
  readonly groups: readonly ResolvedGroup[];
  /** Names of the variables it updates. */
  readonly variableNames: readonly string[];
  /** Number of updates applied so far. */
  readonly step: number;
  /** The learning rate each group will use at the next update. */
  currentLrs(): Record<string, number>;
  /** Whether embedding rows are updated lazily (see OptimizerOptions.lazyEmbeddings). */
  readonly lazyEmbeddings: boolean;
  /** Applies one update from gradients keyed by variable name (missing ones count as zero). */
  apply(grads: ReadonlyMap<string, tf.Tensor>, options?: ApplyOptions): StepReport;
  /** Reads the step and moments (for checkpoints). */
  getState(): Promise<OptimizerState>;
  /** Restores state written by getState. */
  setState(state: OptimizerState): void;
  /**
   * Continues the moments of another optimiser's state (phase A's, say) before the first update:
   * variables it holds keep their moments and their Adam step count, as one PyTorch optimiser kept
   * across tasks does, while the LR schedule starts from step 0; variables it lacks (a new head)
   * start fresh. Returns how many variables carried moments over.
   */
  carryMoments(state: OptimizerState): number;
  /** Disposes the moment variables. */
  dispose(): void;
}

/** Whether AdamW skips weight decay for a variable: biases and LayerNorm weights. */
export function excludedFromWeightDecay(name: string): boolean {
  return name.endsWith('.bias') || name.includes('LayerNorm.');
}

/** Creates a per-group optimiser; checks that every variable is in exactly one group. */
export function createOptimizer(options: OptimizerOptions): GroupOptimizer {
  const kind = options.kind ?? 'adamw';
  if (kind !== 'adam' && kind !== 'adamw') throw new InvalidOptionsError(`\`kind\` must be adam or adamw, got ${String(kind)}`);
  const [beta1, beta2] = options.betas ?? [0.9, 0.999];
  const eps = options.eps ?? 1e-8;
  const weightDecay = options.weightDecay ?? (kind === 'adamw' ? 0.01 : 0);
  const schedule = validateSchedule(options.schedule ?? { kind: 'constant' });
  const clipNorm = options.clipNorm;
  for (const [name, value, lo, hi] of [
    ['betas[0]', beta1, 0, 1],
    ['betas[1]', beta2, 0, 1],
  ] as const) {
    if (!(value >= lo && value < hi)) throw new InvalidOptionsError(`\`${name}\` must lie in [${lo}, ${hi}), got ${value}`);
  }
  if (!(eps > 0)) throw new InvalidOptionsError(`\`eps\` must be positive, got ${eps}`);
  if (!(weightDecay >= 0)) throw new InvalidOptionsError(`\`weightDecay\` must be >= 0, got ${weightDecay}`);
  if (clipNorm !== undefined && !(clipNorm > 0)) throw new InvalidOptionsError(`\`clipNorm\` must be positive, got ${clipNorm}`);

  const model = options.model;
  const variableNames = [...(options.variables ?? [...model.variables.keys()])];
  for (const name of variableNames) model.variable(name);
  const groups = resolveParamGroups(variableNames, model.config.numLayers, options.lr);
  const groupOf = new Map<string, ResolvedGroup>();
  for (const g of groups) for (const v of g.variables) groupOf.set(v, g);

  // On the native path the moments live in Float32Arrays outside the wasm heap (bert-base's are
  // 880 MB of a 4 GB heap) and the addon updates them; elsewhere they are tf variables.
  const native = activeNativeGemm();
  const moments = new Map<string, { m: tf.Variable; v: tf.Variable }>();
  const offHeap = new Map<string, { m: Float32Array; v: Float32Array }>();
  let step = 0;
  // Adam updates a variable's moments saw before this optimiser's first (carryMoments).
  const carried = new Map<string, number>();
  let disposed = false;
  const momentsOf = (name: string) => {
    let s = moments.get(name);
    if (s === undefined) {
      const p = model.variable(name);
      s = tf.tidy(() => ({ m: tf.variable(tf.zerosLike(p), false), v: tf.variable(tf.zerosLike(p), false) }));
      moments.set(name, s);
    }
    return s;
  };
  const offHeapOf = (name: string) => {
    let s = offHeap.get(name);
    if (s === undefined) {
      const size = model.variable(name).size;
      s = { m: new Float32Array(size), v: new Float32Array(size) };
      offHeap.set(name, s);
    }
    return s;
  };

  const loadMoments = (name: string, saved: { readonly m: Float32Array; readonly v: Float32Array }): void => {
    if (native !== null) {
      const s = offHeapOf(name);
      s.m.set(saved.m);
      s.v.set(saved.v);
      return;
    }
    const s = momentsOf(name);
    const p = model.variable(name);
    tf.tidy(() => {
      s.m.assign(tf.tensor(saved.m, p.shape));
      s.v.assign(tf.tensor(saved.v, p.shape));
    });
  };

  const currentLrs = (): Record<string, number> => {
    const f = lrFactor(schedule, step);
    return Object.fromEntries(groups.map((g) => [g.name, g.lr * f]));
  };

  const lazy = options.lazyEmbeddings === true;
  return {
    kind,
    groups,
    variableNames,
    lazyEmbeddings: lazy,
    get step() {
      return step;
    },
    currentLrs,
    apply(grads, applyOptions = {}) {
      if (disposed) throw new InvalidOptionsError('the optimiser was disposed');
      const lrs = currentLrs();
      const t = step + 1;
      let gradNorm: number | undefined;
      let clipScale = 1;
      if (clipNorm !== undefined) {
        gradNorm = globalNorm(variableNames.map((n) => grads.get(n)).filter((g): g is tf.Tensor => g !== undefined));
        const coef = clipNorm / (gradNorm + 1e-6);
        if (coef < 1) clipScale = coef;
      }
      const simd = activeSimd();
      for (const name of variableNames) {
        const lr = lrs[groupOf.get(name)!.name]!;
        const p = model.variable(name);
        const decoupled = kind === 'adamw' && weightDecay > 0 && !excludedFromWeightDecay(name);
        const tv = t + (carried.get(name) ?? 0);
        const bc1 = 1 - beta1 ** tv;
        const bc2Sqrt = Math.sqrt(1 - beta2 ** tv);
        const scalars = {
          beta1,
          beta2,
          stepSize: lr / bc1,
          bc2Sqrt,
          eps,
          decay: decoupled ? 1 - lr * weightDecay : 1,
          l2: kind === 'adam' ? weightDecay : 0,
          gradScale: clipScale,
        };
        const rows = lazy && isEmbedding(name) ? applyOptions.rows?.get(name) : undefined;
        if (native !== null) {
          nativeAdam(native.gemm, native.be, p, grads.get(name), offHeapOf(name), rows, scalars);
          continue;
        }
        const s = momentsOf(name);
        if (rows !== undefined) {
          lazyRowUpdate(p, s.m, s.v, grads.get(name), rows, scalars, simd);
          continue;
        }
        if (simd !== null) {
          // One fused pass: m and v in place, the new weights into a fresh buffer (XNNPACK caches
          // packed weights by tensor id, so a weight must never change under the same id).
          tf.tidy(() => {
            for (const moment of [s.m, s.v]) if (simd.be.refCount(moment.dataId) !== 1) moment.assign(tf.add(moment, 0));
            const g = grads.get(name) ?? tf.zerosLike(p);
            const out = simd.be.makeOutput([...p.shape], 'float32');
            simd.k.adam(p, out, g, s.m, s.v, p.size, scalars);
            p.assign(wrapTensorInfo(out));
          });
          continue;
        }
        tf.tidy(() => {
          let g: tf.Tensor = grads.get(name) ?? tf.zerosLike(p);
          if (clipScale !== 1) g = tf.mul(g, clipScale);
          if (kind === 'adam' && weightDecay > 0) g = tf.add(g, tf.mul(p, weightDecay));
          const m = tf.add(tf.mul(s.m, beta1), tf.mul(g, 1 - beta1));
          const v = tf.add(tf.mul(s.v, beta2), tf.mul(tf.square(g), 1 - beta2));
          const denom = tf.add(tf.div(tf.sqrt(v), bc2Sqrt), eps);
          let base: tf.Tensor = p;
          if (decoupled) base = tf.mul(p, 1 - lr * weightDecay);
          const next = tf.sub(base, tf.mul(tf.div(m, denom), lr / bc1));
          s.m.assign(m);
          s.v.assign(v);
          p.assign(next);
        });
      }
      step = t;
      return gradNorm === undefined ? { step, lrs } : { step, lrs, gradNorm };
    },
    async getState() {
      const out = new Map<string, { m: Float32Array; v: Float32Array }>();
      for (const name of variableNames) {
        if (native !== null) {
          const s = offHeapOf(name);
          out.set(name, { m: s.m.slice(), v: s.v.slice() });
          continue;
        }
        const s = momentsOf(name);
        out.set(name, { m: (await s.m.data()) as Float32Array, v: (await s.v.data()) as Float32Array });
      }
      if (carried.size === 0) return { step, moments: out };
      return { step, moments: out, momentSteps: new Map(variableNames.map((n) => [n, step + (carried.get(n) ?? 0)])) };
    },
    setState(state) {
      if (!Number.isInteger(state.step) || state.step < 0) {
        throw new TrainingStateError(`optimiser \`step\` must be a non-negative integer, got ${state.step}`);
      }
      for (const name of variableNames) {
        const saved = state.moments.get(name);
        const p = model.variable(name);
        if (saved === undefined) throw new TrainingStateError(`optimiser state must hold moments of \`${name}\`, it has none`);
        if (saved.m.length !== p.size || saved.v.length !== p.size) {
          throw new TrainingStateError(`moments of \`${name}\` must hold ${p.size} values, got ${saved.m.length} and ${saved.v.length}`);
        }
      }
      for (const name of variableNames) loadMoments(name, state.moments.get(name)!);
      step = state.step;
      carried.clear();
      for (const name of variableNames) {
        const behind = (state.momentSteps?.get(name) ?? state.step) - state.step;
        if (!Number.isInteger(behind) || behind < 0) {
          throw new TrainingStateError(
            `moment steps of \`${name}\` must be an integer >= step ${state.step}, got ${state.momentSteps?.get(name)}`,
          );
        }
        if (behind > 0) carried.set(name, behind);
      }
    },
    carryMoments(state) {
      if (step !== 0)
        throw new TrainingStateError(`moments can only be carried in before the first update, this optimiser has made ${step}`);
      let count = 0;
      for (const name of variableNames) {
        const saved = state.moments.get(name);
        if (saved === undefined) continue;
        const p = model.variable(name);
        if (saved.m.length !== p.size || saved.v.length !== p.size) {
          throw new TrainingStateError(
            `carried moments of \`${name}\` must hold ${p.size} values, got ${saved.m.length} and ${saved.v.length}`,
          );
        }
        const behind = state.momentSteps?.get(name) ?? state.step;
        if (!Number.isInteger(behind) || behind < 0)
          throw new TrainingStateError(`moment steps of \`${name}\` must be a non-negative integer, got ${behind}`);
        loadMoments(name, saved);
        carried.set(name, behind);
        count++;
      }
      return count;
    },
    dispose() {
      for (const s of moments.values()) {
        s.m.dispose();
        s.v.dispose();
      }
      moments.clear();
      offHeap.clear();
      disposed = true;
    },
  };
}

/** Embedding matrices: the variables a lazy update may restrict to touched rows. */
function isEmbedding(name: string): boolean {
  return name.startsWith('embeddings.') && name.endsWith('_embeddings.weight');
}

/** Adam on the given rows only; weights and moments of other rows stay as they are. */
function lazyRowUpdate(
  p: tf.Variable,
  m: tf.Variable,
  v: tf.Variable,
  grad: tf.Tensor | undefined,
  rows: Int32Array,
  s: AdamScalars,
  simd: ReturnType<typeof activeSimd>,
): void {
  if (grad === undefined || rows.length === 0) return;
  const width = p.shape[1]!;
  if (simd !== null) {
    tf.tidy(() => {
      // In place: embeddings are only ever gathered (never an XNNPACK weight), so no cache holds them.
      for (const t of [p, m, v]) if (simd.be.refCount(t.dataId) !== 1) t.assign(tf.add(t, 0));
      const [po, go, mo, vo] = [p, grad, m, v].map((t) => f32Offset(simd.be, t));
      for (const r of rows) {
        const o = r * width;
        simd.k.raw.adam(po! + o, po! + o, go! + o, mo! + o, vo! + o, width, s);
      }
    });
    return;
  }
  tf.tidy(() => {
    const idx = tf.tensor1d(rows, 'int32');
    const at = tf.reshape(idx, [rows.length, 1]);
    const g = tf.add(tf.mul(tf.gather(grad, idx), s.gradScale), tf.mul(tf.gather(p, idx), s.l2));
    const mRows = tf.add(tf.mul(tf.gather(m, idx), s.beta1), tf.mul(g, 1 - s.beta1));
    const vRows = tf.add(tf.mul(tf.gather(v, idx), s.beta2), tf.mul(tf.square(g), 1 - s.beta2));
    const denom = tf.add(tf.div(tf.sqrt(vRows), s.bc2Sqrt), s.eps);
    const pRows = tf.sub(tf.mul(tf.gather(p, idx), s.decay), tf.mul(tf.div(mRows, denom), s.stepSize));
    m.assign(tf.tensorScatterUpdate(m, at, mRows));
    v.assign(tf.tensorScatterUpdate(v, at, vRows));
    p.assign(tf.tensorScatterUpdate(p, at, pRows));
  });
}

/**
 * Adam through the addon: moments off-heap, the new weights into a fresh buffer (XNNPACK, should a
 * later product fall back to it, caches packed weights by tensor id). With `rows`, only those rows
 * of an embedding move, in place (embeddings are only ever gathered).
 */
function nativeAdam(
  gemm: NativeGemmAddon,
  be: WasmBackendInternals,
  p: tf.Variable,
  grad: tf.Tensor | undefined,
  moments: { m: Float32Array; v: Float32Array },
  rows: Int32Array | undefined,
  s: AdamScalars,
): void {
  const scalars = [s.beta1, 1 - s.beta1, s.beta2, 1 - s.beta2, s.stepSize, s.bc2Sqrt, s.eps, s.decay, s.l2, s.gradScale] as const;
  if (rows !== undefined && (grad === undefined || rows.length === 0)) return;
  tf.tidy(() => {
    const g = grad ?? tf.zerosLike(p);
    if (rows !== undefined) {
      if (be.refCount(p.dataId) !== 1) p.assign(tf.add(p, 0));
      const width = p.shape[1]!;
      const [po, go] = [f32Offset(be, p), f32Offset(be, g)];
      const heap = heapF32(be);
      for (const r of rows) {
        const o = r * width;
        gemm.adam(heap, po + o, po + o, go + o, moments.m, moments.v, o, width, ...scalars);
      }
      return;
    }
    const out = be.makeOutput([...p.shape], 'float32');
    gemm.adam(heapF32(be), f32Offset(be, p), f32Offset(be, out), f32Offset(be, g), moments.m, moments.v, 0, p.size, ...scalars);
    p.assign(wrapTensorInfo(out));
  });
}

/** sqrt(sum of squared entries) over all tensors, as one number. */
export function globalNorm(tensors: readonly tf.Tensor[]): number {
  if (tensors.length === 0) return 0;
  return tf.tidy(() => Math.sqrt(tf.addN(tensors.map((g) => tf.sum(tf.square(g)))).dataSync()[0]!));
}
