/**
 * A small zip reader (PKWARE APPNOTE 6.3: end-of-central-directory record, central directory,
 * local file headers) for stored and deflated entries, streaming each entry through
 * `zlib.createInflateRaw` so that a 300 MB archive (MNLI) never sits in memory. Zip64, encryption and
 * multi-disk archives are refused with `ZipFormatError`; GLUE's archives use none of them.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createInflateRaw, crc32 } from 'node:zlib';
import { ZipFormatError } from '../errors.js';

/** One file in a zip archive, as its central directory describes it. */
export interface ZipEntry {
  /** Path inside the archive (`CoLA/train.tsv`). */
  readonly name: string;
  /** 0 = stored, 8 = deflated. */
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly crc32: number;
  readonly localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;

/** Lists the entries of a zip file from its central directory. */
export async function readZipEntries(path: string): Promise<ZipEntry[]> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const tailLength = Math.min(size, EOCD_SIZE + MAX_COMMENT);
    const tail = Buffer.alloc(tailLength);
    await file.read(tail, 0, tailLength, size - tailLength);
    const eocd = findEndOfCentralDirectory(tail);
    if (eocd < 0) throw new ZipFormatError(`${path} must be a zip archive, got no end-of-central-directory record`);

    const disk = tail.readUInt16LE(eocd + 4);
    const count = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      throw new ZipFormatError(`${path} must not be a zip64 archive (unsupported)`);
    }
    if (disk !== 0) throw new ZipFormatError(`${path} must be a single-disk archive, got disk ${disk}`);
    if (cdOffset + cdSize > size) {
      throw new ZipFormatError(`${path} must hold its central directory inside the file (truncated download?)`);
    }

    const cd = Buffer.alloc(cdSize);
    await file.read(cd, 0, cdSize, cdOffset);
    return parseCentralDirectory(cd, count, path);
  } finally {
    await file.close();
  }
}

/** Extracts one entry to `dest`, checking its CRC-32 and size; returns the sha256 of what was written. */
export async function extractZipEntry(path: string, entry: ZipEntry, dest: string): Promise<{ sha256: string; bytes: number }> {
  const dataStart = await entryDataOffset(path, entry);
  const hash = createHash('sha256');
  let crc = 0;
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
      hash.update(chunk);
      crc = crc32(chunk, crc);
      bytes += chunk.byteLength;
      callback(null, chunk);
    },
  });
  const out = createWriteStream(dest);
  if (entry.compressedSize === 0) {
    tap.end();
    await pipeline(tap, out);
  } else {
    const source = createReadStream(path, { start: dataStart, end: dataStart + entry.compressedSize - 1 });
    try {
      if (entry.method === 8) await pipeline(source, createInflateRaw(), tap, out);
      else await pipeline(source, tap, out);
    } catch (cause) {
      throw new ZipFormatError(`${entry.name} in ${path} must inflate cleanly`, { cause });
    }
  }
  if (bytes !== entry.size || crc >>> 0 !== entry.crc32) {
    throw new ZipFormatError(
      `${entry.name} in ${path} must match its CRC-32 ${hex(entry.crc32)} and size ${entry.size}, got ${hex(crc)} and ${bytes}`,
    );
  }
  return { sha256: hash.digest('hex'), bytes };
}

function findEndOfCentralDirectory(tail: Buffer): number {
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIGNATURE && i + EOCD_SIZE + tail.readUInt16LE(i + 20) <= tail.length) return i;
  }
  return -1;
}

function parseCentralDirectory(cd: Buffer, count: number, path: string): ZipEntry[] {
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > cd.length || cd.readUInt32LE(at) !== CENTRAL_SIGNATURE) {
      throw new ZipFormatError(`${path} must have ${count} central directory entries, entry ${i} is broken`);
    }
    const flags = cd.readUInt16LE(at + 8);
    const method = cd.readUInt16LE(at + 10);
    const nameLength = cd.readUInt16LE(at + 28);
    const extraLength = cd.readUInt16LE(at + 30);
    const commentLength = cd.readUInt16LE(at + 32);
    const entry: ZipEntry = {
      name: cd.toString('utf8', at + 46, at + 46 + nameLength),
      method,
      crc32: cd.readUInt32LE(at + 16),
      compressedSize: cd.readUInt32LE(at + 20),
      size: cd.readUInt32LE(at + 24),
      localHeaderOffset: cd.readUInt32LE(at + 42),
    };
    if ((flags & 0x1) !== 0) throw new ZipFormatError(`${entry.name} in ${path} must not be encrypted`);
    if (method !== 0 && method !== 8) {
      throw new ZipFormatError(`${entry.name} in ${path} must be stored (0) or deflated (8), got method ${method}`);
    }
    if (entry.compressedSize === 0xffffffff || entry.size === 0xffffffff || entry.localHeaderOffset === 0xffffffff) {
      throw new ZipFormatError(`${entry.name} in ${path} must not need zip64 (unsupported)`);
    }
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

async function entryDataOffset(path: string, entry: ZipEntry): Promise<number> {
  const file = await open(path, 'r');
  try {
    const header = Buffer.alloc(30);
    const { bytesRead } = await file.read(header, 0, 30, entry.localHeaderOffset);
    if (bytesRead < 30 || header.readUInt32LE(0) !== LOCAL_SIGNATURE) {
      throw new ZipFormatError(`${entry.name} in ${path} must start with a local file header`);
    }
    // The local header's own name and extra lengths count, not the central directory's.
    return entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  } finally {
    await file.close();
  }
}

function hex(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}
