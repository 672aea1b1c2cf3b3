// A batch of small matMuls whose operands live at strided places inside bigger tensors (one
// attention head of one sequence inside a [batch*seq, hidden] matrix). tfjs-wasm sends every
// batched or transposed matMul to a scalar loop (~1 GFLOP/s); here each product goes through its
// XNNPACK 2-D path instead, and the head split/merge transposes disappear into the copies.
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { SimdKernels } from './simd/simd-kernels.js';
import { activeNativeGemm } from './native-kernels.js';
import { f32Offset, heapF32, xnnMatMul, type WasmBackendInternals } from './wasm-backend.js';

/** Where the i-th matrix of a batch sits in a tensor's memory. */
export interface MatrixBatchView {
  readonly info: TensorInfo;
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
  /** Floats between the starts of consecutive rows. */
  readonly rowStride: number;
  /** Element offset (from the tensor's start) of matrix i's first element. */
  offsetOf(i: number): number;
}

/** Views a [count, rows, cols] tensor as `count` matrices. */
export function denseBatchView(info: TensorInfo, count: number, rows: number, cols: number): MatrixBatchView {
  const size = rows * cols;
  return { info, count, rows, cols, rowStride: cols, offsetOf: (i) => i * size };
}

/** Layout of attention heads inside a [batch*seq, width] matrix. */
export interface HeadLayout {
  readonly batch: number;
  readonly seq: number;
  readonly heads: number;
  readonly headDim: number;
  /** Row width of the matrix (hidden size, or 3x hidden for fused q|k|v). */
  readonly width: number;
}

/** Views the [seq, headDim] block of every (sequence, head) starting at column `colOffset`. */
export function headBatchView(info: TensorInfo, layout: HeadLayout, colOffset: number): MatrixBatchView {
  const { batch, seq, heads, headDim, width } = layout;
  return {
    info,
    count: batch * heads,
    rows: seq,
    cols: headDim,
    rowStride: width,
    offsetOf: (i) => Math.floor(i / heads) * seq * width + colOffset + (i % heads) * headDim,
  };
}

/** Options of {@link stridedBatchMatMul}. */
export interface StridedMatMulOptions {
  readonly transposeA?: boolean;
  readonly transposeB?: boolean;
  /** Multiplies every product. Default 1. */
  readonly scale?: number;
  /** Added to every row of product i: `bias[biasOffset(i) + col]`. Default none. */
  readonly rowBias?: { readonly values: Float32Array; offsetOf(i: number): number };
  /** SIMD kernels for packing and the epilogue; JS loops without. Default none. */
  readonly simd?: SimdKernels['raw'] | null;
}

/**
 * out_i = scale * op(A_i) @ op(B_i) (+ row bias) for every i, written into `out`'s view of an
 * already allocated tensor.
 */
export function stridedBatchMatMul(
  be: WasmBackendInternals,
  a: MatrixBatchView,
  b: MatrixBatchView,
  out: MatrixBatchView,
  options: StridedMatMulOptions = {},
): void {
  const transA = options.transposeA ?? false;
  const transB = options.transposeB ?? false;
  const m = transA ? a.cols : a.rows;
  const k = transA ? a.rows : a.cols;
  const kb = transB ? b.cols : b.rows;
  const n = transB ? b.rows : b.cols;
  if (k !== kb || out.rows !== m || out.cols !== n || a.count !== b.count || a.count !== out.count) {
    throw new Error(`stridedBatchMatMul: shapes do not agree (${m}x${k} @ ${kb}x${n} -> ${out.rows}x${out.cols})`);
  }
  const scale = options.scale ?? 1;
  const rowBias = options.rowBias;
  const native = activeNativeGemm();
  if (native !== null) {
    // BLAS takes strides and transposes as they are: one call, no packing, the bias laid down
    // first and accumulated onto.
    const aOffs = new Int32Array(a.count);
    const bOffs = new Int32Array(a.count);
    const cOffs = new Int32Array(a.count);
    const biasOffs = rowBias === undefined ? null : new Int32Array(a.count);
    const [ao, bo, co] = [f32Offset(be, a.info), f32Offset(be, b.info), f32Offset(be, out.info)];
    for (let i = 0; i < a.count; i++) {
      aOffs[i] = ao + a.offsetOf(i);
      bOffs[i] = bo + b.offsetOf(i);
      cOffs[i] = co + out.offsetOf(i);
      if (biasOffs !== null) biasOffs[i] = rowBias!.offsetOf(i);
    }
    native.gemm.gemmBatch(
      heapF32(be),
      transA,
      transB,
      m,
      n,
      k,
      scale,
      aOffs,
      a.rowStride,
      bOffs,
      b.rowStride,
      cOffs,
      out.rowStride,
      rowBias?.values ?? null,
      biasOffs,
    );
    return;
  }
  const simd = options.simd ?? null;
  // The A operand is not cached by tfjs-wasm, so one buffer serves every product; B is packed by
  // XNNPACK and cached by tensor id, so each product needs a fresh B tensor.
  const tmpA = be.makeOutput([1, m, k], 'float32');
  const biasInfo = simd !== null && rowBias !== undefined ? be.makeOutput([rowBias.values.length], 'float32') : null;
  if (biasInfo !== null) heapF32(be).set(rowBias!.values, f32Offset(be, biasInfo));
  try {
    for (let i = 0; i < a.count; i++) {
      const tmpB = be.makeOutput([1, k, n], 'float32');
      if (simd !== null) {
        packSimd(simd, f32Offset(be, a.info) + a.offsetOf(i), a.rowStride, a.rows, a.cols, transA, f32Offset(be, tmpA));
        packSimd(simd, f32Offset(be, b.info) + b.offsetOf(i), b.rowStride, b.rows, b.cols, transB, f32Offset(be, tmpB));
        const prod = xnnMatMul(be, tmpA, tmpB);
        const bias = biasInfo === null ? -1 : f32Offset(be, biasInfo) + rowBias!.offsetOf(i);
        simd.affine(f32Offset(be, out.info) + out.offsetOf(i), out.rowStride, f32Offset(be, prod), n, m, n, scale, bias);
        be.disposeData(prod.dataId);
        be.disposeData(tmpB.dataId);
        continue;
      }
      let heap = heapF32(be);
      pack(heap, f32Offset(be, a.info) + a.offsetOf(i), a.rowStride, a.rows, a.cols, transA, f32Offset(be, tmpA));
      pack(heap, f32Offset(be, b.info) + b.offsetOf(i), b.rowStride, b.rows, b.cols, transB, f32Offset(be, tmpB));
      const prod = xnnMatMul(be, tmpA, tmpB);
      heap = heapF32(be);
      const src = f32Offset(be, prod);
      const dst = f32Offset(be, out.info) + out.offsetOf(i);
      if (scale === 1 && rowBias === undefined) {
        for (let r = 0; r < m; r++) heap.copyWithin(dst + r * out.rowStride, src + r * n, src + r * n + n);
      } else {
        const bias = rowBias?.values;
        const bOff = rowBias === undefined ? 0 : rowBias.offsetOf(i);
        for (let r = 0; r < m; r++) {
          const s = src + r * n;
          const d = dst + r * out.rowStride;
          if (bias === undefined) {
            for (let c = 0; c < n; c++) heap[d + c] = scale * heap[s + c]!;
          } else {
            for (let c = 0; c < n; c++) heap[d + c] = scale * heap[s + c]! + bias[bOff + c]!;
          }
        }
      }
      be.disposeData(prod.dataId);
      be.disposeData(tmpB.dataId);
    }
  } finally {
    be.disposeData(tmpA.dataId);
    if (biasInfo !== null) be.disposeData(biasInfo.dataId);
  }
}

/** pack() through the SIMD kernels: one strided copy (affine with scale 1) or one transpose. */
function packSimd(
  simd: SimdKernels['raw'],
  src: number,
  stride: number,
  rows: number,
  cols: number,
  transpose: boolean,
  dst: number,
): void {
  if (transpose) simd.transpose(src, stride, dst, rows, cols);
  else simd.affine(dst, cols, src, stride, rows, cols, 1, -1);
}

/** Copies a strided rows x cols block to a contiguous buffer, transposed when asked. */
function pack(heap: Float32Array, src: number, stride: number, rows: number, cols: number, transpose: boolean, dst: number): void {
  if (!transpose) {
    if (stride === cols) {
      heap.copyWithin(dst, src, src + rows * cols);
      return;
    }
    for (let r = 0; r < rows; r++) heap.copyWithin(dst + r * cols, src + r * stride, src + r * stride + cols);
    return;
  }
  for (let r = 0; r < rows; r++) {
    const s = src + r * stride;
    for (let c = 0; c < cols; c++) heap[dst + c * rows + r] = heap[s + c]!;
  }
}
