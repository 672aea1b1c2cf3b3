// Reader and writer of the safetensors format (github.com/huggingface/safetensors): an 8-byte
// little-endian header length N, N bytes of JSON {name: {dtype, shape, data_offsets}, __metadata__},
// then the data. The reader trusts nothing: every size, offset and dtype is checked, tensors must
// tile the data area exactly (no gap, no overlap, nothing past the end), and any violation is a
// SafetensorsFormatError naming the file and tensor. Data are assumed little-endian (every platform
// Node runs on).
import { SafetensorsFormatError } from '../errors.js';
import { describeZodIssue } from '../util/zod-message.js';
import { decodeBfloat16, decodeFloat16, encodeFloat16 } from './float16.js';
import { safetensorsEntrySchema, safetensorsMetadataSchema } from './schemas.js';

/** Element types this package reads. */
export type SafetensorsDtype = 'F32' | 'F16' | 'BF16' | 'I32' | 'I64';

const BYTES: Readonly<Record<SafetensorsDtype, number>> = { F32: 4, F16: 2, BF16: 2, I32: 4, I64: 8 };
const KNOWN_UNSUPPORTED = new Set(['F64', 'I8', 'U8', 'I16', 'U16', 'U32', 'U64', 'BOOL', 'F8_E4M3', 'F8_E5M2']);
/** Hugging Face refuses headers above 100 MB; so do we. */
const MAX_HEADER_BYTES = 100_000_000;

/** One tensor's place in the file. */
export interface SafetensorsEntry {
  readonly name: string;
  readonly dtype: SafetensorsDtype;
  readonly shape: readonly number[];
  /** Absolute byte offsets in the file, [begin, end). */
  readonly begin: number;
  readonly end: number;
}

/** A parsed, validated header. */
export interface SafetensorsHeader {
  readonly entries: ReadonlyMap<string, SafetensorsEntry>;
  readonly metadata: Readonly<Record<string, string>>;
  /** Absolute offset of the data area. */
  readonly dataStart: number;
}

/** A decoded tensor: floats come back as float32, I32 as Int32Array, I64 as BigInt64Array. */
export interface DecodedTensor {
  readonly dtype: SafetensorsDtype;
  readonly shape: readonly number[];
  readonly data: Float32Array | Int32Array | BigInt64Array;
}

/**
 * Parses and validates the header of a safetensors file given its first bytes (at least the
 * header) and its total size.
 */
export function parseSafetensorsHeader(bytes: Uint8Array, fileSize: number, file = '<buffer>'): SafetensorsHeader {
  const fail = (message: string, tensor?: string): never => {
    throw new SafetensorsFormatError(`${message} (${file})`, tensor === undefined ? {} : { tensor });
  };
  if (fileSize < 8 || bytes.length < 8) fail(`file must hold at least 8 bytes, got ${Math.min(fileSize, bytes.length)}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = view.getBigUint64(0, true);
  if (headerLen > BigInt(MAX_HEADER_BYTES)) fail(`header length must be at most ${MAX_HEADER_BYTES} bytes, got ${headerLen}`);
  const n = Number(headerLen);
  if (8 + n > fileSize) fail(`header length must fit in the file (${fileSize - 8} bytes after the prefix), got ${n}`);
  if (8 + n > bytes.length) fail(`header must be fully read: need ${8 + n} bytes, got ${bytes.length}`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n));
  } catch (cause) {
    throw new SafetensorsFormatError(`header must be UTF-8 (${file})`, { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new SafetensorsFormatError(`header must be JSON, got ${JSON.stringify(text.slice(0, 40))}... (${file})`, { cause });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail('header must be a JSON object');

  const dataStart = 8 + n;
  const dataLen = fileSize - dataStart;
  const entries = new Map<string, SafetensorsEntry>();
  let metadata: Record<string, string> = {};
  for (const [name, raw] of Object.entries(json as Record<string, unknown>)) {
    if (name === '__metadata__') {
      const m = safetensorsMetadataSchema.safeParse(raw);
      if (!m.success) throw new SafetensorsFormatError(`\`__metadata__\` must map strings to strings (${file})`, { cause: m.error });
      metadata = m.data;
      continue;
    }
    const parsed = safetensorsEntrySchema.safeParse(raw);
    if (!parsed.success) {
      throw new SafetensorsFormatError(`tensor \`${name}\` entry ${describeZodIssue(parsed.error)} (${file})`, {
        cause: parsed.error,
        tensor: name,
      });
    }
    const { dtype, shape, data_offsets: offsets } = parsed.data;
    if (!(dtype in BYTES)) {
      if (KNOWN_UNSUPPORTED.has(dtype)) fail(`tensor \`${name}\` dtype must be one of F32, F16, BF16, I32, I64, got ${dtype}`, name);
      fail(`tensor \`${name}\` has an unknown dtype "${dtype}"`, name);
    }
    const d = dtype as SafetensorsDtype;
    const [begin, end] = offsets;
    if (begin > end) fail(`tensor \`${name}\` data_offsets must be ordered, got [${begin}, ${end}]`, name);
    if (end > dataLen) fail(`tensor \`${name}\` data_offsets must lie within the ${dataLen}-byte data area, got [${begin}, ${end}]`, name);
    const numel = shape.reduce((a, b) => a * b, 1);
    if (!Number.isSafeInteger(numel * BYTES[d])) fail(`tensor \`${name}\` shape [${shape.join(', ')}] is too large`, name);
    if (end - begin !== numel * BYTES[d]) {
      fail(
        `tensor \`${name}\` must span ${numel * BYTES[d]} bytes for ${d} [${shape.join(', ')}], its data_offsets span ${end - begin}`,
        name,
      );
    }
    entries.set(name, { name, dtype: d, shape, begin: dataStart + begin, end: dataStart + end });
  }
  // Tensors must tile the data area: sorted by offset, each starts where the previous ended.
  const sorted = [...entries.values()].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = dataStart;
  let previous: string | undefined;
  for (const e of sorted) {
    if (e.begin < cursor) {
      fail(
        `tensor \`${e.name}\` overlaps \`${previous ?? '?'}\` (data starts at ${e.begin - dataStart}, before ${cursor - dataStart})`,
        e.name,
      );
    }
    if (e.begin > cursor) fail(`tensor \`${e.name}\` leaves a gap of ${e.begin - cursor} bytes before it`, e.name);
    cursor = e.end;
    previous = e.name;
  }
  if (cursor !== fileSize) fail(`data area must end with the last tensor: ${fileSize - cursor} trailing bytes`);
  return { entries, metadata, dataStart };
}

/** Decodes one tensor of a fully read file. */
export function decodeTensor(bytes: Uint8Array, entry: SafetensorsEntry): DecodedTensor {
  // Copy to a fresh, aligned buffer: the data area need not be aligned to the element size.
  // (Uint8Array's slice, not Buffer's, which would return a view into Node's shared pool.)
  const raw = Uint8Array.prototype.slice.call(bytes, entry.begin, entry.end);
  const buffer = raw.buffer;
  switch (entry.dtype) {
    case 'F32':
      return { dtype: entry.dtype, shape: entry.shape, data: new Float32Array(buffer) };
    case 'F16':
      return { dtype: entry.dtype, shape: entry.shape, data: decodeFloat16(new Uint16Array(buffer)) };
    case 'BF16':
      return { dtype: entry.dtype, shape: entry.shape, data: decodeBfloat16(new Uint16Array(buffer)) };
    case 'I32':
      return { dtype: entry.dtype, shape: entry.shape, data: new Int32Array(buffer) };
    case 'I64':
      return { dtype: entry.dtype, shape: entry.shape, data: new BigInt64Array(buffer) };
  }
}

/** A parsed file: its header and decoders for its tensors. */
export interface SafetensorsFile {
  readonly header: SafetensorsHeader;
  /** Decodes a tensor; throws SafetensorsFormatError when absent. */
  tensor(name: string): DecodedTensor;
  /** Decodes a float tensor (F32/F16/BF16) as float32. */
  floats(name: string): Float32Array;
  /** Decodes an integer tensor (I32/I64, values within int32) as Int32Array. */
  ints(name: string): Int32Array;
}

/** Parses a whole safetensors file held in memory. */
export function readSafetensors(bytes: Uint8Array, file = '<buffer>'): SafetensorsFile {
  const header = parseSafetensorsHeader(bytes, bytes.length, file);
  const entry = (name: string): SafetensorsEntry => {
    const e = header.entries.get(name);
    if (e === undefined) throw new SafetensorsFormatError(`tensor \`${name}\` is missing (${file})`, { tensor: name });
    return e;
  };
  return {
    header,
    tensor: (name) => decodeTensor(bytes, entry(name)),
    floats(name) {
      const t = decodeTensor(bytes, entry(name));
      if (!(t.data instanceof Float32Array)) {
        throw new SafetensorsFormatError(`tensor \`${name}\` must be a float tensor, got ${t.dtype} (${file})`, { tensor: name });
      }
      return t.data;
    },
    ints(name) {
      const t = decodeTensor(bytes, entry(name));
      if (t.data instanceof Int32Array) return t.data;
      if (t.data instanceof BigInt64Array) {
        const out = new Int32Array(t.data.length);
        for (let i = 0; i < out.length; i++) {
          const v = t.data[i]!;
          if (v > 2147483647n || v < -2147483648n) {
            throw new SafetensorsFormatError(`tensor \`${name}\` value ${v} at ${i} must fit in int32 (${file})`, { tensor: name });
          }
          out[i] = Number(v);
        }
        return out;
      }
      throw new SafetensorsFormatError(`tensor \`${name}\` must be an integer tensor, got ${t.dtype} (${file})`, { tensor: name });
    },
  };
}

/** A tensor to write. Float32 data may be stored as F16 to halve the file. */
export interface SafetensorsInput {
  readonly shape: readonly number[];
  readonly data: Float32Array | Int32Array | BigInt64Array;
  /** Storage type: F32 (default for floats), F16, I32, I64 (must match the data's array type). */
  readonly dtype?: 'F32' | 'F16' | 'I32' | 'I64';
}

/** Encodes tensors (in the given order) and optional metadata as a safetensors file. */
export function encodeSafetensors(
  tensors: ReadonlyMap<string, SafetensorsInput> | Readonly<Record<string, SafetensorsInput>>,
  metadata?: Readonly<Record<string, string>>,
): Uint8Array {
  const list: [string, SafetensorsInput][] = tensors instanceof Map ? [...tensors.entries()] : Object.entries(tensors);
  const header: Record<string, unknown> = {};
  const blobs: Uint8Array[] = [];
  let offset = 0;
  for (const [name, t] of list) {
    if (name === '__metadata__') throw new SafetensorsFormatError('a tensor must not be named `__metadata__`', { tensor: name });
    const numel = t.shape.reduce((a, b) => a * b, 1);
    if (numel !== t.data.length) {
      throw new SafetensorsFormatError(
        `tensor \`${name}\` data must hold ${numel} values for [${t.shape.join(', ')}], got ${t.data.length}`,
        {
          tensor: name,
        },
      );
    }
    const { dtype, bytes } = encodeData(name, t);
    header[name] = { dtype, shape: [...t.shape], data_offsets: [offset, offset + bytes.length] };
    blobs.push(bytes);
    offset += bytes.length;
  }
  if (metadata !== undefined) header['__metadata__'] = { ...metadata };
  let text = JSON.stringify(header);
  // Pad with spaces so the data area starts 8-byte aligned, as Hugging Face's writer does.
  const pad = (8 - (new TextEncoder().encode(text).length % 8)) % 8;
  text += ' '.repeat(pad);
  const headerBytes = new TextEncoder().encode(text);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let cursor = 8 + headerBytes.length;
  for (const b of blobs) {
    out.set(b, cursor);
    cursor += b.length;
  }
  return out;
}

function encodeData(name: string, t: SafetensorsInput): { dtype: string; bytes: Uint8Array } {
  const asBytes = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  if (t.data instanceof Float32Array) {
    if (t.dtype === 'F16') return { dtype: 'F16', bytes: asBytes(encodeFloat16(t.data)) };
    if (t.dtype === undefined || t.dtype === 'F32') return { dtype: 'F32', bytes: asBytes(t.data) };
  } else if (t.data instanceof Int32Array) {
    if (t.dtype === undefined || t.dtype === 'I32') return { dtype: 'I32', bytes: asBytes(t.data) };
  } else if (t.dtype === undefined || t.dtype === 'I64') {
    return { dtype: 'I64', bytes: asBytes(t.data) };
  }
  throw new SafetensorsFormatError(`tensor \`${name}\` cannot be stored as ${t.dtype ?? '?'} from its array type`, { tensor: name });
}
