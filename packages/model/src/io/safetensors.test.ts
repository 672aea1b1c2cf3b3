import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../test/helpers.js';
import { SafetensorsFormatError } from '../errors.js';
import { createRng } from '../util/rng.js';
import { decodeFloat16, encodeFloat16 } from './float16.js';
import { encodeSafetensors, parseSafetensorsHeader, readSafetensors } from './safetensors.js';

/** A file with a hand-written header (no validation on our side). */
function rawFile(header: unknown, dataBytes: number, headerText?: string): Uint8Array {
  const text = new TextEncoder().encode(headerText ?? JSON.stringify(header));
  const out = new Uint8Array(8 + text.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
  out.set(text, 8);
  return out;
}

function errorOf(f: () => unknown): SafetensorsFormatError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SafetensorsFormatError);
    return e as SafetensorsFormatError;
  }
  throw new Error('expected a SafetensorsFormatError');
}

describe('safetensors reader', () => {
  it('reads F16, BF16, I32, I64 and F32 written by PyTorch (test/fixtures/make_parity.py)', () => {
    const file = readSafetensors(readFileSync(`${FIXTURES}dtypes.safetensors`), 'dtypes.safetensors');
    const expected = JSON.parse(readFileSync(`${FIXTURES}dtypes.json`, 'utf8')) as Record<string, number[]>;
    expect(Array.from(file.floats('f16'))).toEqual(expected['f16']);
    expect(Array.from(file.floats('bf16'))).toEqual(expected['bf16']);
    expect(Array.from(file.floats('f32'))).toEqual(expected['f32']);
    expect(Array.from(file.ints('i32'))).toEqual(expected['i32']);
    expect(Array.from(file.tensor('i64').data as BigInt64Array, Number)).toEqual(expected['i64']);
    expect(file.header.metadata).toEqual({ made_by: 'make_parity.py' });
    expect(file.tensor('i32').shape).toEqual([2, 2]);
    expect(() => file.ints('i64')).toThrow(/fit in int32/);
  });

  it('encodes float16 exactly as PyTorch does', () => {
    const bytes = readFileSync(`${FIXTURES}dtypes.safetensors`);
    const entry = parseSafetensorsHeader(bytes, bytes.length).entries.get('f16')!;
    const torchHalves = new Uint16Array(Uint8Array.prototype.slice.call(bytes, entry.begin, entry.end).buffer);
    const values = Float32Array.from(decodeFloat16(torchHalves));
    expect(Array.from(encodeFloat16(values))).toEqual(Array.from(torchHalves));
  });

  it('rounds float16 to nearest even, saturates to infinity and keeps subnormals', () => {
    const x = Float32Array.from([1 + 2 ** -11, 1 + 3 * 2 ** -11, 70000, -70000, 2 ** -24, 2 ** -26, NaN]);
    const back = decodeFloat16(encodeFloat16(x));
    expect(Array.from(back.slice(0, 6))).toEqual([1, 1 + 2 ** -9, Infinity, -Infinity, 2 ** -24, 0]);
    expect(Number.isNaN(back[6])).toBe(true);
  });

  it('round-trips every dtype it writes, F16 to half precision', () => {
    const rng = createRng(1);
    const f = Float32Array.from({ length: 37 }, () => rng.nextNormal() * 10);
    const bytes = encodeSafetensors(
      new Map([
        ['a.weight', { shape: [37], data: f }],
        ['half', { shape: [37], data: f, dtype: 'F16' as const }],
        ['ints', { shape: [3], data: Int32Array.from([1, -2, 3]) }],
        ['longs', { shape: [1, 2], data: BigInt64Array.from([5n, -6n]) }],
      ]),
      { note: 'x' },
    );
    const file = readSafetensors(bytes);
    expect(file.floats('a.weight')).toEqual(f);
    expect(file.floats('half')).toEqual(decodeFloat16(encodeFloat16(f)));
    expect(Array.from(file.ints('ints'))).toEqual([1, -2, 3]);
    expect(Array.from(file.ints('longs'))).toEqual([5, -6]);
    expect(file.header.metadata).toEqual({ note: 'x' });
    expect((file.header.dataStart - 8) % 8).toBe(0);
  });

  it.each([
    ['a file shorter than the length prefix', () => new Uint8Array(5), /at least 8 bytes/, undefined],
    [
      'a header length beyond the file',
      () => {
        const b = rawFile({}, 0);
        new DataView(b.buffer).setBigUint64(0, 50n, true);
        return b;
      },
      /must fit in the file/,
      undefined,
    ],
    [
      'a header length beyond 100 MB',
      () => {
        const b = rawFile({}, 0);
        new DataView(b.buffer).setBigUint64(0, 2n ** 40n, true);
        return b;
      },
      /at most 100000000/,
      undefined,
    ],
    ['a header that is not JSON', () => rawFile(null, 0, '{"a": [1,'), /must be JSON/, undefined],
    ['a header that is a JSON array', () => rawFile([1, 2], 0), /JSON object/, undefined],
    ['an unknown dtype', () => rawFile({ w: { dtype: 'Q7', shape: [1], data_offsets: [0, 4] } }, 4), /w.*unknown dtype "Q7"/, 'w'],
    ['an unsupported dtype', () => rawFile({ w: { dtype: 'F64', shape: [1], data_offsets: [0, 8] } }, 8), /w.*got F64/, 'w'],
    [
      'offsets that lie about the size',
      () => rawFile({ w: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 12] } }, 12),
      /`w` must span 16 bytes for F32 \[2, 2\], its data_offsets span 12/,
      'w',
    ],
    ['offsets beyond the data', () => rawFile({ w: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } }, 8), /w.*within the 8-byte/, 'w'],
    ['reversed offsets', () => rawFile({ w: { dtype: 'F32', shape: [0], data_offsets: [4, 0] } }, 4), /w.*ordered/, 'w'],
    [
      'overlapping tensors',
      () => rawFile({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } }, 12),
      /`b` overlaps `a`/,
      'b',
    ],
    ['a gap before a tensor', () => rawFile({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, 8), /`a` leaves a gap of 4/, 'a'],
    ['trailing bytes', () => rawFile({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, 9), /5 trailing bytes/, undefined],
    ['a negative dimension', () => rawFile({ a: { dtype: 'F32', shape: [-1], data_offsets: [0, 0] } }, 0), /`a` entry `shape.0`/, 'a'],
    ['a missing data_offsets', () => rawFile({ a: { dtype: 'F32', shape: [1] } }, 4), /`a` entry `data_offsets`/, 'a'],
    ['non-string metadata', () => rawFile({ __metadata__: { n: 3 } }, 0), /__metadata__/, undefined],
  ] as const)('rejects %s with a SafetensorsFormatError', (_label, make, message, tensor) => {
    const e = errorOf(() => readSafetensors(make(), 'bad.safetensors'));
    expect(e.message).toMatch(message);
    expect(e.message).toMatch(/bad\.safetensors/);
    expect(e.tensor).toBe(tensor);
  });

  it('rejects a missing tensor by name', () => {
    const file = readSafetensors(encodeSafetensors({ a: { shape: [1], data: Float32Array.of(1) } }));
    expect(errorOf(() => file.floats('b')).message).toMatch(/`b` is missing/);
  });

  it('survives 4,000 fuzzed headers: random bytes, truncations and mutations never crash', () => {
    const rng = createRng(2024);
    const valid = encodeSafetensors({
      'encoder.layer.0.w': { shape: [3, 2], data: Float32Array.from([1, 2, 3, 4, 5, 6]) },
      b: { shape: [2], data: Float32Array.from([7, 8]), dtype: 'F16' },
      c: { shape: [1], data: BigInt64Array.of(9n) },
    });
    const cases: Uint8Array[] = [];
    for (let i = 0; i < 1000; i++) cases.push(Uint8Array.from({ length: rng.nextInt(120) }, () => rng.nextInt(256)));
    for (let n = 0; n < valid.length; n++) cases.push(valid.slice(0, n));
    while (cases.length < 3000) {
      const m = valid.slice();
      for (let k = 1 + rng.nextInt(4); k > 0; k--) m[rng.nextInt(m.length)] = rng.nextInt(256);
      cases.push(m);
    }
    const header = JSON.parse(
      new TextDecoder().decode(valid.subarray(8, 8 + Number(new DataView(valid.buffer).getBigUint64(0, true)))),
    ) as Record<string, { dtype: string; shape: number[]; data_offsets: number[] }>;
    const pick = <T>(xs: readonly T[]): T => xs[rng.nextInt(xs.length)]!;
    while (cases.length < 4000) {
      const h = structuredClone(header);
      const name = pick(Object.keys(h));
      const e = h[name]!;
      const field = rng.nextInt(4);
      if (field === 0) e.dtype = pick(['F32', 'F16', 'BF16', 'I64', 'I32', 'F64', 'U8', 'XX', '']);
      else if (field === 1) e.shape = Array.from({ length: rng.nextInt(3) }, () => rng.nextInt(5) - 1);
      else if (field === 2) e.data_offsets = [rng.nextInt(40) - 2, rng.nextInt(40)];
      else delete h[name];
      cases.push(rawFile(h, 36));
    }
    let parsed = 0;
    for (const bytes of cases) {
      try {
        const file = readSafetensors(bytes);
        for (const name of file.header.entries.keys()) file.tensor(name);
        parsed++;
      } catch (e) {
        expect(e).toBeInstanceOf(SafetensorsFormatError);
      }
    }
    expect(cases).toHaveLength(4000);
    expect(parsed).toBeGreaterThan(0);
  });
});
