// The package's hand-written WebAssembly SIMD kernels, operating in place on the tfjs-wasm heap
// (pointers are byte addresses in that memory). Each processes 4 floats per instruction; callers
// handle the n % 4 tail. References: Adam as torch.optim.Adam/AdamW 1.13 (operation order kept so
// results are bitwise those of PyTorch's float32 loop); GELU with Abramowitz & Stegun 7.1.26 and
// exp by range reduction (x = k ln 2 + r, |r| <= ln 2 / 2, degree-6 Taylor polynomial for e^r).
import { op, type FunctionDef, type ValType } from './wasm-assembler.js';

/** Declares named parameters and locals and hands out their indices. */
class Scope {
  readonly params: ValType[] = [];
  readonly locals: ValType[] = [];
  private readonly index = new Map<string, number>();

  constructor(params: readonly [string, ValType][]) {
    for (const [n, t] of params) {
      this.index.set(n, this.params.length);
      this.params.push(t);
    }
  }

  local(name: string, type: ValType): void {
    this.index.set(name, this.params.length + this.locals.length);
    this.locals.push(type);
  }

  get(name: string): number[] {
    return op.get(this.at(name));
  }

  set(name: string): number[] {
    return op.set(this.at(name));
  }

  tee(name: string): number[] {
    return op.tee(this.at(name));
  }

  private at(name: string): number {
    const i = this.index.get(name);
    if (i === undefined) throw new Error(`unknown local ${name}`);
    return i;
  }
}

/** addr = base + off */
const addr = (s: Scope, base: string): number[] => [...s.get(base), ...s.get('off'), ...op.i32Add()];

function splatParams(s: Scope, names: readonly string[]): number[] {
  return names.flatMap((n) => [...s.get(n), ...op.f32x4Splat(), ...s.set(`s_${n}`)]);
}

function splatConst(s: Scope, name: string, value: number): number[] {
  s.local(name, 'v128');
  return [...op.f32(value), ...op.f32x4Splat(), ...s.set(name)];
}

/** Loop over off = 0, 16, ... < n4 * 16 around `body`. */
function vectorLoop(s: Scope, body: number[]): number[] {
  return [
    ...s.get('n4'),
    ...op.i32(4),
    ...op.i32Shl(),
    ...s.set('end'),
    ...op.block(),
    ...op.loop(),
    ...s.get('off'),
    ...s.get('end'),
    ...op.i32GeU(),
    ...op.brIf(1),
    ...body,
    ...s.get('off'),
    ...op.i32(16),
    ...op.i32Add(),
    ...s.set('off'),
    ...op.br(0),
    ...op.end(),
    ...op.end(),
  ];
}

const ADAM_SCALARS = ['b1', 'c1', 'b2', 'c2', 'step', 'bc2', 'eps', 'decay', 'l2', 'gscale'] as const;

/**
 * adam(pIn, pOut, g, m, v, n4, b1, 1-b1, b2, 1-b2, lr/bc1, sqrt(bc2), eps, decay, l2, gscale):
 *   g' = g * gscale + l2 * p;  m = m b1 + g' (1-b1);  v = v b2 + (g' g')(1-b2)
 *   pOut = p * decay - (lr/bc1) * (m / (sqrt(v) / sqrt(bc2) + eps))
 */
function adamDef(): FunctionDef {
  const s = new Scope([
    ['pIn', 'i32'],
    ['pOut', 'i32'],
    ['g', 'i32'],
    ['m', 'i32'],
    ['v', 'i32'],
    ['n4', 'i32'],
    ...ADAM_SCALARS.map((n): [string, ValType] => [n, 'f32']),
  ]);
  s.local('off', 'i32');
  s.local('end', 'i32');
  for (const n of ['vg', 'vp', 'vm', 'vv']) s.local(n, 'v128');
  for (const n of ADAM_SCALARS) s.local(`s_${n}`, 'v128');
  const body = [
    ...addr(s, 'g'),
    ...op.v128Load(),
    ...s.get('s_gscale'),
    ...op.f32x4Mul(),
    ...s.set('vg'),
    ...addr(s, 'pIn'),
    ...op.v128Load(),
    ...s.set('vp'),
    ...s.get('vg'),
    ...s.get('s_l2'),
    ...s.get('vp'),
    ...op.f32x4Mul(),
    ...op.f32x4Add(),
    ...s.set('vg'),
    ...addr(s, 'm'),
    ...addr(s, 'm'),
    ...op.v128Load(),
    ...s.get('s_b1'),
    ...op.f32x4Mul(),
    ...s.get('vg'),
    ...s.get('s_c1'),
    ...op.f32x4Mul(),
    ...op.f32x4Add(),
    ...s.tee('vm'),
    ...op.v128Store(),
    ...addr(s, 'v'),
    ...addr(s, 'v'),
    ...op.v128Load(),
    ...s.get('s_b2'),
    ...op.f32x4Mul(),
    ...s.get('vg'),
    ...s.get('vg'),
    ...op.f32x4Mul(),
    ...s.get('s_c2'),
    ...op.f32x4Mul(),
    ...op.f32x4Add(),
    ...s.tee('vv'),
    ...op.v128Store(),
    ...addr(s, 'pOut'),
    ...s.get('vp'),
    ...s.get('s_decay'),
    ...op.f32x4Mul(),
    ...s.get('vm'),
    ...s.get('vv'),
    ...op.f32x4Sqrt(),
    ...s.get('s_bc2'),
    ...op.f32x4Div(),
    ...s.get('s_eps'),
    ...op.f32x4Add(),
    ...op.f32x4Div(),
    ...s.get('s_step'),
    ...op.f32x4Mul(),
    ...op.f32x4Sub(),
    ...op.v128Store(),
  ];
  return { name: 'adam', params: s.params, locals: s.locals, body: [...splatParams(s, ADAM_SCALARS), ...vectorLoop(s, body)] };
}

const GELU_P = 0.3275911 * Math.SQRT1_2;
const GELU_A = [0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429].map((a) => 0.5 * a);

/**
 * gelu(x, y, d, n4, withGrad): y = x Phi(x); when withGrad != 0 also d = Phi(x) + x phi(x).
 * Phi from the upper tail Q(|x|) = t poly(t) exp(-x^2/2), t = 1 / (1 + p |x| / sqrt 2).
 */
function geluDef(): FunctionDef {
  const s = new Scope([
    ['x', 'i32'],
    ['y', 'i32'],
    ['d', 'i32'],
    ['n4', 'i32'],
    ['withGrad', 'i32'],
  ]);
  s.local('off', 'i32');
  s.local('end', 'i32');
  for (const n of ['vx', 'va', 't', 'poly', 'w', 'k', 'r', 'e', 'phi']) s.local(n, 'v128');
  const consts = [
    ...splatConst(s, 'one', 1),
    ...splatConst(s, 'zero', 0),
    ...splatConst(s, 'cp', GELU_P),
    ...splatConst(s, 'minW', -87),
    ...splatConst(s, 'log2e', Math.LOG2E),
    ...splatConst(s, 'ln2hi', 0.693145751953125),
    ...splatConst(s, 'ln2lo', 1.428606765330187e-6),
    ...splatConst(s, 'invSqrt2Pi', 1 / Math.sqrt(2 * Math.PI)),
    ...GELU_A.flatMap((a, i) => splatConst(s, `a${i}`, a)),
    ...[1 / 720, 1 / 120, 1 / 24, 1 / 6, 1 / 2].flatMap((c, i) => splatConst(s, `e${i}`, c)),
  ];
  s.local('bias127', 'v128');
  const initBias = [...op.i32(127), ...op.i32x4Splat(), ...s.set('bias127')];
  const horner = (x: string, coeffs: string[]): number[] => {
    const out = [...s.get(coeffs[0]!)];
    for (const c of coeffs.slice(1)) out.push(...s.get(x), ...op.f32x4Mul(), ...s.get(c), ...op.f32x4Add());
    return out;
  };
  const body = [
    ...addr(s, 'x'),
    ...op.v128Load(),
    ...s.tee('vx'),
    ...op.f32x4Abs(),
    ...s.set('va'),
    // t = 1 / (1 + cp |x|)
    ...s.get('one'),
    ...s.get('one'),
    ...s.get('cp'),
    ...s.get('va'),
    ...op.f32x4Mul(),
    ...op.f32x4Add(),
    ...op.f32x4Div(),
    ...s.set('t'),
    // poly = t (a0 + t (a1 + t (a2 + t (a3 + t a4))))
    ...horner('t', ['a4', 'a3', 'a2', 'a1', 'a0']),
    ...s.get('t'),
    ...op.f32x4Mul(),
    ...s.set('poly'),
    // w = max(-x^2 / 2, -87)
    ...s.get('va'),
    ...s.get('va'),
    ...op.f32x4Mul(),
    ...op.f32(-0.5),
    ...op.f32x4Splat(),
    ...op.f32x4Mul(),
    ...s.get('minW'),
    ...op.f32x4Max(),
    ...s.set('w'),
    // k = nearest(w log2 e); r = (w - k ln2hi) - k ln2lo
    ...s.get('w'),
    ...s.get('log2e'),
    ...op.f32x4Mul(),
    ...op.f32x4Nearest(),
    ...s.set('k'),
    ...s.get('w'),
    ...s.get('k'),
    ...s.get('ln2hi'),
    ...op.f32x4Mul(),
    ...op.f32x4Sub(),
    ...s.get('k'),
    ...s.get('ln2lo'),
    ...op.f32x4Mul(),
    ...op.f32x4Sub(),
    ...s.set('r'),
    // e = (1 + r (1 + r (1/2 + r (1/6 + r (1/24 + r (1/120 + r / 720)))))) * 2^k
    ...horner('r', ['e0', 'e1', 'e2', 'e3', 'e4']),
    ...s.get('r'),
    ...op.f32x4Mul(),
    ...s.get('one'),
    ...op.f32x4Add(),
    ...s.get('r'),
    ...op.f32x4Mul(),
    ...s.get('one'),
    ...op.f32x4Add(),
    ...s.get('k'),
    ...op.i32x4TruncSatF32x4S(),
    ...s.get('bias127'),
    ...op.i32x4Add(),
    ...op.i32(23),
    ...op.i32x4Shl(),
    ...op.f32x4Mul(),
    ...s.set('e'),
    // phi = x > 0 ? 1 - q : q, q = poly e
    ...s.get('one'),
    ...s.get('poly'),
    ...s.get('e'),
    ...op.f32x4Mul(),
    ...s.tee('t'),
    ...op.f32x4Sub(),
    ...s.get('t'),
    ...s.get('vx'),
    ...s.get('zero'),
    ...op.f32x4Gt(),
    ...op.v128Bitselect(),
    ...s.set('phi'),
    ...addr(s, 'y'),
    ...s.get('vx'),
    ...s.get('phi'),
    ...op.f32x4Mul(),
    ...op.v128Store(),
    ...s.get('withGrad'),
    ...op.if(),
    ...addr(s, 'd'),
    ...s.get('phi'),
    ...s.get('vx'),
    ...s.get('e'),
    ...op.f32x4Mul(),
    ...s.get('invSqrt2Pi'),
    ...op.f32x4Mul(),
    ...op.f32x4Add(),
    ...op.v128Store(),
    ...op.end(),
  ];
  return { name: 'gelu', params: s.params, locals: s.locals, body: [...consts, ...initBias, ...vectorLoop(s, body)] };
}

/**
 * transpose(src, srcStride, dst, rows, cols): dst[j, i] = src[i * srcStride + j] into a contiguous
 * [cols, rows] matrix, in 16 x 16 blocks so that the strided writes stay within a few pages.
 */
function transposeDef(): FunctionDef {
  const B = 16;
  const s = new Scope([
    ['src', 'i32'],
    ['srcStride', 'i32'],
    ['dst', 'i32'],
    ['rows', 'i32'],
    ['cols', 'i32'],
  ]);
  for (const n of ['i0', 'j0', 'i', 'j', 'iEnd', 'jEnd', 'sp', 'dp', 'stride']) s.local(n, 'i32');
  const min = (a: number[], b: number[]): number[] => [...a, ...b, ...a, ...b, ...op.i32LtS(), ...op.select()];
  const loopUntil = (counter: string, limit: string, inner: number[], step: number[]): number[] => [
    ...op.block(),
    ...op.loop(),
    ...s.get(counter),
    ...s.get(limit),
    ...op.i32GeU(),
    ...op.brIf(1),
    ...inner,
    ...step,
    ...op.br(0),
    ...op.end(),
    ...op.end(),
  ];
  const inc = (name: string, by: number[]): number[] => [...s.get(name), ...by, ...op.i32Add(), ...s.set(name)];
  const element = [...s.get('dp'), ...s.get('sp'), ...op.f32Load(), ...op.f32Store()];
  const rowOfBlock = [
    // sp = src + (i * srcStride + j0) * 4; dp = dst + (j0 * rows + i) * 4
    ...s.get('src'),
    ...s.get('i'),
    ...s.get('srcStride'),
    ...op.i32Mul(),
    ...s.get('j0'),
    ...op.i32Add(),
    ...op.i32(4),
    ...op.i32Mul(),
    ...op.i32Add(),
    ...s.set('sp'),
    ...s.get('dst'),
    ...s.get('j0'),
    ...s.get('rows'),
    ...op.i32Mul(),
    ...s.get('i'),
    ...op.i32Add(),
    ...op.i32(4),
    ...op.i32Mul(),
    ...op.i32Add(),
    ...s.set('dp'),
    ...s.get('j0'),
    ...s.set('j'),
    ...loopUntil('j', 'jEnd', [...element, ...inc('sp', op.i32(4)), ...inc('dp', s.get('stride'))], inc('j', op.i32(1))),
  ];
  const block = [
    ...min([...s.get('j0'), ...op.i32(B), ...op.i32Add()], s.get('cols')),
    ...s.set('jEnd'),
    ...s.get('i0'),
    ...s.set('i'),
    ...loopUntil('i', 'iEnd', rowOfBlock, inc('i', op.i32(1))),
  ];
  const body = [
    ...s.get('rows'),
    ...op.i32(4),
    ...op.i32Mul(),
    ...s.set('stride'),
    ...loopUntil(
      'i0',
      'rows',
      [
        ...min([...s.get('i0'), ...op.i32(B), ...op.i32Add()], s.get('rows')),
        ...s.set('iEnd'),
        ...op.i32(0),
        ...s.set('j0'),
        ...loopUntil('j0', 'cols', block, inc('j0', op.i32(B))),
      ],
      inc('i0', op.i32(B)),
    ),
  ];
  return { name: 'transpose', params: s.params, locals: s.locals, body };
}

/** colsum(src, dst, rows, n4): dst[c] = sum over rows of src[r, c] for a [rows, 4 * n4] matrix. */
function colsumDef(): FunctionDef {
  const s = new Scope([
    ['src', 'i32'],
    ['dst', 'i32'],
    ['rows', 'i32'],
    ['n4', 'i32'],
  ]);
  for (const n of ['off', 'end', 'r', 'p', 'rowBytes']) s.local(n, 'i32');
  s.local('acc', 'v128');
  const body = [
    ...s.get('n4'),
    ...op.i32(4),
    ...op.i32Shl(),
    ...s.set('rowBytes'),
    ...s.get('rowBytes'),
    ...s.set('end'),
    ...op.block(),
    ...op.loop(),
    ...s.get('off'),
    ...s.get('end'),
    ...op.i32GeU(),
    ...op.brIf(1),
    ...op.f32(0),
    ...op.f32x4Splat(),
    ...s.set('acc'),
    ...addr(s, 'src'),
    ...s.set('p'),
    ...op.i32(0),
    ...s.set('r'),
    ...op.block(),
    ...op.loop(),
    ...s.get('r'),
    ...s.get('rows'),
    ...op.i32GeU(),
    ...op.brIf(1),
    ...s.get('acc'),
    ...s.get('p'),
    ...op.v128Load(),
    ...op.f32x4Add(),
    ...s.set('acc'),
    ...s.get('p'),
    ...s.get('rowBytes'),
    ...op.i32Add(),
    ...s.set('p'),
    ...s.get('r'),
    ...op.i32(1),
    ...op.i32Add(),
    ...s.set('r'),
    ...op.br(0),
    ...op.end(),
    ...op.end(),
    ...addr(s, 'dst'),
    ...s.get('acc'),
    ...op.v128Store(),
    ...s.get('off'),
    ...op.i32(16),
    ...op.i32Add(),
    ...s.set('off'),
    ...op.br(0),
    ...op.end(),
    ...op.end(),
  ];
  return { name: 'colsum', params: s.params, locals: s.locals, body };
}

/**
 * affine(dst, dstStride, src, srcStride, rows, n4, scale, bias, withBias): for every row r and
 * column c < 4 n4, dst[r * dstStride + c] = src[r * srcStride + c] * scale (+ bias[c]).
 */
function affineDef(): FunctionDef {
  const s = new Scope([
    ['dst', 'i32'],
    ['dstStride', 'i32'],
    ['src', 'i32'],
    ['srcStride', 'i32'],
    ['rows', 'i32'],
    ['n4', 'i32'],
    ['scale', 'f32'],
    ['bias', 'i32'],
    ['withBias', 'i32'],
  ]);
  for (const n of ['r', 'off', 'end', 'dRow', 'sRow']) s.local(n, 'i32');
  s.local('vs', 'v128');
  const body = [
    ...s.get('scale'),
    ...op.f32x4Splat(),
    ...s.set('vs'),
    ...s.get('n4'),
    ...op.i32(4),
    ...op.i32Shl(),
    ...s.set('end'),
    ...op.block(),
    ...op.loop(),
    ...s.get('r'),
    ...s.get('rows'),
    ...op.i32GeU(),
    ...op.brIf(1),
    ...s.get('dst'),
    ...s.get('r'),
    ...s.get('dstStride'),
    ...op.i32Mul(),
    ...op.i32(4),
    ...op.i32Mul(),
    ...op.i32Add(),
    ...s.set('dRow'),
    ...s.get('src'),
    ...s.get('r'),
    ...s.get('srcStride'),
    ...op.i32Mul(),
    ...op.i32(4),
    ...op.i32Mul(),
    ...op.i32Add(),
    ...s.set('sRow'),
    ...op.i32(0),
    ...s.set('off'),
    ...op.block(),
    ...op.loop(),
    ...s.get('off'),
    ...s.get('end'),
    ...op.i32GeU(),
    ...op.brIf(1),
    ...s.get('dRow'),
    ...s.get('off'),
    ...op.i32Add(),
    ...s.get('sRow'),
    ...s.get('off'),
    ...op.i32Add(),
    ...op.v128Load(),
    ...s.get('vs'),
    ...op.f32x4Mul(),
    ...op.v128Store(),
    ...s.get('withBias'),
    ...op.if(),
    ...s.get('dRow'),
    ...s.get('off'),
    ...op.i32Add(),
    ...s.get('dRow'),
    ...s.get('off'),
    ...op.i32Add(),
    ...op.v128Load(),
    ...s.get('bias'),
    ...s.get('off'),
    ...op.i32Add(),
    ...op.v128Load(),
    ...op.f32x4Add(),
    ...op.v128Store(),
    ...op.end(),
    ...s.get('off'),
    ...op.i32(16),
    ...op.i32Add(),
    ...s.set('off'),
    ...op.br(0),
    ...op.end(),
    ...op.end(),
    ...s.get('r'),
    ...op.i32(1),
    ...op.i32Add(),
    ...s.set('r'),
    ...op.br(0),
    ...op.end(),
    ...op.end(),
  ];
  return { name: 'affine', params: s.params, locals: s.locals, body };
}

/** Sum of the four lanes of a v128 local, as an f32 on the stack. */
function lanesSum(s: Scope, name: string): number[] {
  return [
    ...s.get(name),
    ...op.f32x4ExtractLane(0),
    ...s.get(name),
    ...op.f32x4ExtractLane(1),
    ...op.f32Add(),
    ...s.get(name),
    ...op.f32x4ExtractLane(2),
    ...op.f32Add(),
    ...s.get(name),
    ...op.f32x4ExtractLane(3),
    ...op.f32Add(),
  ];
}

/** Loop `inner` over the columns of one row: off = 0, 16, ... < width4 * 16. */
function rowLoop(s: Scope, inner: number[]): number[] {
  return [
    ...op.i32(0),
    ...s.set('off'),
    ...op.block(),
    ...op.loop(),
    ...s.get('off'),
    ...s.get('end'),
    ...op.i32GeU(),
    ...op.brIf(1),
    ...inner,
    ...s.get('off'),
    ...op.i32(16),
    ...op.i32Add(),
    ...s.set('off'),
    ...op.br(0),
    ...op.end(),
    ...op.end(),
  ];
}

/** Loop over rows r = 0 .. rows - 1, advancing the named row pointers by `end` bytes each. */
function rowsLoop(s: Scope, pointers: readonly string[], body: number[]): number[] {
  return [
    ...op.block(),
    ...op.loop(),
    ...s.get('r'),
    ...s.get('rows'),
    ...op.i32GeU(),
    ...op.brIf(1),
    ...body,
    ...pointers.flatMap((p) => [...s.get(p), ...s.get('end'), ...op.i32Add(), ...s.set(p)]),
    ...s.get('r'),
    ...op.i32(1),
    ...op.i32Add(),
    ...s.set('r'),
    ...op.br(0),
    ...op.end(),
    ...op.end(),
  ];
}

/**
 * layerNormForward(x, gamma, beta, y, xhat, rstd, rows, n4, eps, save): per row of width 4 n4,
 * mean and biased variance, xhat = (x - mean) / sqrt(var + eps), y = xhat gamma + beta; when
 * save != 0 also xhat and rstd (one float per row) for the backward pass.
 */
function layerNormForwardDef(): FunctionDef {
  const s = new Scope([
    ['x', 'i32'],
    ['gamma', 'i32'],
    ['beta', 'i32'],
    ['y', 'i32'],
    ['xhat', 'i32'],
    ['rstd', 'i32'],
    ['rows', 'i32'],
    ['n4', 'i32'],
    ['eps', 'f32'],
    ['save', 'i32'],
  ]);
  for (const n of ['r', 'off', 'end']) s.local(n, 'i32');
  for (const n of ['mean', 'inv', 'width']) s.local(n, 'f32');
  for (const n of ['acc', 'vmean', 'vinv', 'h']) s.local(n, 'v128');
  const centred = [...addr(s, 'x'), ...op.v128Load(), ...s.get('vmean'), ...op.f32x4Sub()];
  const body = [
    ...op.f32(0),
    ...op.f32x4Splat(),
    ...s.set('acc'),
    ...rowLoop(s, [...s.get('acc'), ...addr(s, 'x'), ...op.v128Load(), ...op.f32x4Add(), ...s.set('acc')]),
    ...lanesSum(s, 'acc'),
    ...s.get('width'),
    ...op.f32Div(),
    ...s.tee('mean'),
    ...op.f32x4Splat(),
    ...s.set('vmean'),
    ...op.f32(0),
    ...op.f32x4Splat(),
    ...s.set('acc'),
    ...rowLoop(s, [...s.get('acc'), ...centred, ...s.tee('h'), ...s.get('h'), ...op.f32x4Mul(), ...op.f32x4Add(), ...s.set('acc')]),
    ...op.f32(1),
    ...lanesSum(s, 'acc'),
    ...s.get('width'),
    ...op.f32Div(),
    ...s.get('eps'),
    ...op.f32Add(),
    ...op.f32Sqrt(),
    ...op.f32Div(),
    ...s.tee('inv'),
    ...op.f32x4Splat(),
    ...s.set('vinv'),
    ...rowLoop(s, [
      ...centred,
      ...s.get('vinv'),
      ...op.f32x4Mul(),
      ...s.set('h'),
      ...s.get('save'),
      ...op.if(),
      ...addr(s, 'xhat'),
      ...s.get('h'),
      ...op.v128Store(),
      ...op.end(),
      ...addr(s, 'y'),
      ...s.get('h'),
      ...s.get('gamma'),
      ...s.get('off'),
      ...op.i32Add(),
      ...op.v128Load(),
      ...op.f32x4Mul(),
      ...s.get('beta'),
      ...s.get('off'),
      ...op.i32Add(),
      ...op.v128Load(),
      ...op.f32x4Add(),
      ...op.v128Store(),
    ]),
    ...s.get('save'),
    ...op.if(),
    ...s.get('rstd'),
    ...s.get('r'),
    ...op.i32(4),
    ...op.i32Mul(),
    ...op.i32Add(),
    ...s.get('inv'),
    ...op.f32Store(),
    ...op.end(),
  ];
  return {
    name: 'layerNormForward',
    params: s.params,
    locals: s.locals,
    body: [
      ...s.get('n4'),
      ...op.i32(4),
      ...op.i32Shl(),
      ...s.set('end'),
      ...s.get('n4'),
      ...op.i32(4),
      ...op.i32Mul(),
      ...op.f32ConvertI32S(),
      ...s.set('width'),
      ...rowsLoop(s, ['x', 'y', 'xhat'], body),
    ],
  };
}

/**
 * layerNormBackward(dy, xhat, rstd, gamma, dx, dgamma, dbeta, rows, n4): with g = dy gamma,
 * dx = rstd (g - mean(g) - xhat mean(g xhat)); dgamma = sum_rows dy xhat; dbeta = sum_rows dy.
 */
function layerNormBackwardDef(): FunctionDef {
  const s = new Scope([
    ['dy', 'i32'],
    ['xhat', 'i32'],
    ['rstd', 'i32'],
    ['gamma', 'i32'],
    ['dx', 'i32'],
    ['dgamma', 'i32'],
    ['dbeta', 'i32'],
    ['rows', 'i32'],
    ['n4', 'i32'],
  ]);
  for (const n of ['r', 'off', 'end']) s.local(n, 'i32');
  s.local('width', 'f32');
  for (const n of ['s1', 's2', 'g', 'vdy', 'vxh', 'm1', 'm2', 'vr']) s.local(n, 'v128');
  const loadG = [
    ...addr(s, 'dy'),
    ...op.v128Load(),
    ...s.tee('vdy'),
    ...s.get('gamma'),
    ...s.get('off'),
    ...op.i32Add(),
    ...op.v128Load(),
    ...op.f32x4Mul(),
    ...s.set('g'),
  ];
  const accumulate = (target: string, value: number[]): number[] => [
    ...s.get(target),
    ...s.get('off'),
    ...op.i32Add(),
    ...s.get(target),
    ...s.get('off'),
    ...op.i32Add(),
    ...op.v128Load(),
    ...value,
    ...op.f32x4Add(),
    ...op.v128Store(),
  ];
  const body = [
    ...op.f32(0),
    ...op.f32x4Splat(),
    ...s.tee('s1'),
    ...s.set('s2'),
    ...rowLoop(s, [
      ...loadG,
      ...addr(s, 'xhat'),
      ...op.v128Load(),
      ...s.set('vxh'),
      ...s.get('s1'),
      ...s.get('g'),
      ...op.f32x4Add(),
      ...s.set('s1'),
      ...s.get('s2'),
      ...s.get('g'),
      ...s.get('vxh'),
      ...op.f32x4Mul(),
      ...op.f32x4Add(),
      ...s.set('s2'),
      ...accumulate('dbeta', s.get('vdy')),
      ...accumulate('dgamma', [...s.get('vdy'), ...s.get('vxh'), ...op.f32x4Mul()]),
    ]),
    ...lanesSum(s, 's1'),
    ...s.get('width'),
    ...op.f32Div(),
    ...op.f32x4Splat(),
    ...s.set('m1'),
    ...lanesSum(s, 's2'),
    ...s.get('width'),
    ...op.f32Div(),
    ...op.f32x4Splat(),
    ...s.set('m2'),
    ...s.get('rstd'),
    ...s.get('r'),
    ...op.i32(4),
    ...op.i32Mul(),
    ...op.i32Add(),
    ...op.f32Load(),
    ...op.f32x4Splat(),
    ...s.set('vr'),
    ...rowLoop(s, [
      ...addr(s, 'dx'),
      ...loadG,
      ...s.get('g'),
      ...s.get('m1'),
      ...op.f32x4Sub(),
      ...addr(s, 'xhat'),
      ...op.v128Load(),
      ...s.get('m2'),
      ...op.f32x4Mul(),
      ...op.f32x4Sub(),
      ...s.get('vr'),
      ...op.f32x4Mul(),
      ...op.v128Store(),
    ]),
  ];
  const zero = (target: string): number[] =>
    rowLoop(s, [...s.get(target), ...s.get('off'), ...op.i32Add(), ...op.f32(0), ...op.f32x4Splat(), ...op.v128Store()]);
  return {
    name: 'layerNormBackward',
    params: s.params,
    locals: s.locals,
    body: [
      ...s.get('n4'),
      ...op.i32(4),
      ...op.i32Shl(),
      ...s.set('end'),
      ...s.get('n4'),
      ...op.i32(4),
      ...op.i32Mul(),
      ...op.f32ConvertI32S(),
      ...s.set('width'),
      ...zero('dgamma'),
      ...zero('dbeta'),
      ...rowsLoop(s, ['dy', 'xhat', 'dx'], body),
    ],
  };
}

/** Every kernel of the module. */
export function kernelDefinitions(): FunctionDef[] {
  return [adamDef(), geluDef(), transposeDef(), colsumDef(), affineDef(), layerNormForwardDef(), layerNormBackwardDef()];
}
