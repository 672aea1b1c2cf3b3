// A minimal WebAssembly binary writer (spec: webassembly.github.io/spec/core/binary) for the few
// SIMD kernels of this package: one imported memory ("env"."memory", the tfjs-wasm heap), void
// functions with i32/f32/v128 parameters and locals, structured control flow and the scalar and
// 128-bit SIMD instructions the kernels use. Instructions are plain byte arrays.

/** A value type of a parameter or local. */
export type ValType = 'i32' | 'f32' | 'v128';

const VAL: Readonly<Record<ValType, number>> = { i32: 0x7f, f32: 0x7d, v128: 0x7b };

/** One exported function. */
export interface FunctionDef {
  readonly name: string;
  readonly params: readonly ValType[];
  readonly locals: readonly ValType[];
  /** Instructions, without the final `end`. */
  readonly body: readonly number[];
}

/** Unsigned LEB128. */
export function uleb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const simd = (op: number): number[] => [0xfd, ...uleb(op)];

/** Instruction encoders. Memory immediates take a byte offset; alignment is declared as 4 bytes. */
export const op = {
  block: (): number[] => [0x02, 0x40],
  loop: (): number[] => [0x03, 0x40],
  if: (): number[] => [0x04, 0x40],
  else: (): number[] => [0x05],
  end: (): number[] => [0x0b],
  br: (depth: number): number[] => [0x0c, ...uleb(depth)],
  brIf: (depth: number): number[] => [0x0d, ...uleb(depth)],
  get: (i: number): number[] => [0x20, ...uleb(i)],
  set: (i: number): number[] => [0x21, ...uleb(i)],
  tee: (i: number): number[] => [0x22, ...uleb(i)],
  i32: (v: number): number[] => [0x41, ...sleb(v)],
  f32: (v: number): number[] => {
    const b = new Uint8Array(new Float32Array([v]).buffer);
    return [0x43, ...b];
  },
  i32Add: (): number[] => [0x6a],
  i32Sub: (): number[] => [0x6b],
  i32Mul: (): number[] => [0x6c],
  i32Shl: (): number[] => [0x74],
  i32GeU: (): number[] => [0x4f],
  i32LtU: (): number[] => [0x49],
  i32Eqz: (): number[] => [0x45],
  i32LtS: (): number[] => [0x48],
  select: (): number[] => [0x1b],
  f32Load: (offset = 0): number[] => [0x2a, 2, ...uleb(offset)],
  f32Store: (offset = 0): number[] => [0x38, 2, ...uleb(offset)],
  f32Add: (): number[] => [0x92],
  f32Sub: (): number[] => [0x93],
  f32Mul: (): number[] => [0x94],
  f32Div: (): number[] => [0x95],
  f32Sqrt: (): number[] => [0x91],
  f32ConvertI32S: (): number[] => [0xb2],
  v128Load: (offset = 0): number[] => [...simd(0x00), 2, ...uleb(offset)],
  v128Store: (offset = 0): number[] => [...simd(0x0b), 2, ...uleb(offset)],
  f32x4Splat: (): number[] => simd(0x13),
  f32x4ExtractLane: (lane: number): number[] => [...simd(0x1f), lane],
  f32x4Gt: (): number[] => simd(0x44),
  v128And: (): number[] => simd(0x4e),
  v128Bitselect: (): number[] => simd(0x52),
  f32x4Nearest: (): number[] => simd(0x6a),
  i32x4Shl: (): number[] => simd(0xab),
  i32x4Add: (): number[] => simd(0xae),
  i32x4Splat: (): number[] => simd(0x11),
  f32x4Abs: (): number[] => simd(0xe0),
  f32x4Neg: (): number[] => simd(0xe1),
  f32x4Sqrt: (): number[] => simd(0xe3),
  f32x4Add: (): number[] => simd(0xe4),
  f32x4Sub: (): number[] => simd(0xe5),
  f32x4Mul: (): number[] => simd(0xe6),
  f32x4Div: (): number[] => simd(0xe7),
  f32x4Min: (): number[] => simd(0xe8),
  f32x4Max: (): number[] => simd(0xe9),
  i32x4TruncSatF32x4S: (): number[] => simd(0xf8),
};

function section(id: number, payload: number[]): number[] {
  return [id, ...uleb(payload.length), ...payload];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function name(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [...uleb(bytes.length), ...bytes];
}

/** Assembles a module importing `env.memory` and exporting the given functions. */
export function assembleModule(functions: readonly FunctionDef[]): Uint8Array {
  const types = functions.map((f) => [0x60, ...uleb(f.params.length), ...f.params.map((p) => VAL[p]), 0]);
  const imports = [[...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(1)]];
  const funcs = functions.map((_, i) => uleb(i));
  const exports = functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]);
  const bodies = functions.map((f) => {
    // Locals in runs of one type each.
    const runs: number[][] = [];
    for (const t of f.locals) {
      const last = runs[runs.length - 1];
      if (last !== undefined && last[1] === VAL[t]) last[0]!++;
      else runs.push([1, VAL[t]]);
    }
    const code = [...uleb(runs.length), ...runs.flatMap(([count, type]) => [...uleb(count!), type!]), ...f.body, 0x0b];
    return [...uleb(code.length), ...code];
  });
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vec(types)),
    ...section(2, vec(imports)),
    ...section(3, vec(funcs)),
    ...section(7, vec(exports)),
    ...section(10, vec(bodies)),
  ]);
}
