import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { JournalCorruptError, StorageError } from '../../errors.js';

/** A complete line read from the journal, with its 1-based line number. */
export interface JournalTextLine {
  readonly text: string;
  readonly line: number;
}

/**
 * Byte-level access to a journal file: reads only what was appended since the last read (complete
 * lines; a partial last line stays unread until its newline arrives or it is declared torn), appends
 * with fsync, and cuts a torn tail off.
 */
export class JournalFile {
  readonly path: string;
  #read: FileHandle | null = null;
  #append: FileHandle | null = null;
  /** Bytes consumed: the file up to here is complete lines already returned. */
  #offset = 0;
  #lines = 0;
  /** Bytes after #offset at the last read (a line being written, or a torn one). */
  #pending = 0;

  private constructor(path: string) {
    this.path = path;
  }

  /** Opens (creating if absent) a journal file. */
  static async open(path: string): Promise<JournalFile> {
    const file = new JournalFile(path);
    try {
      await mkdir(dirname(path), { recursive: true });
      file.#append = await open(path, 'a');
      file.#read = await open(path, 'r');
    } catch (error) {
      await file.close();
      throw new StorageError(`cannot open journal ${path}: ${(error as Error).message}`, { cause: error });
    }
    return file;
  }

  /** Lines consumed so far. */
  get lineCount(): number {
    return this.#lines;
  }

  /** Bytes after the last complete line, as of the last read. */
  get pendingBytes(): number {
    return this.#pending;
  }

  /** Complete lines appended since the last call. */
  async readNew(): Promise<JournalTextLine[]> {
    const fh = this.#handle(this.#read);
    const { size } = await fh.stat();
    if (size < this.#offset) {
      throw new JournalCorruptError(
        `${this.path}:${this.#lines}: the journal shrank below what was already read (${size} < ${this.#offset} bytes)`,
      );
    }
    if (size === this.#offset) {
      this.#pending = 0;
      return [];
    }
    const buffer = Buffer.allocUnsafe(size - this.#offset);
    let got = 0;
    while (got < buffer.length) {
      const { bytesRead } = await fh.read(buffer, got, buffer.length - got, this.#offset + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    const data = buffer.subarray(0, got);
    const end = data.lastIndexOf(0x0a);
    this.#pending = got - (end + 1);
    if (end < 0) return [];
    const out: JournalTextLine[] = [];
    let start = 0;
    while (start <= end) {
      const nl = data.indexOf(0x0a, start);
      this.#lines++;
      out.push({ text: data.toString('utf8', start, nl), line: this.#lines });
      start = nl + 1;
    }
    this.#offset += end + 1;
    return out;
  }

  /** The first bytes of the unread tail, for messages. */
  async pendingPreview(max = 80): Promise<string> {
    const fh = this.#handle(this.#read);
    const buffer = Buffer.alloc(Math.min(max, this.#pending));
    await fh.read(buffer, 0, buffer.length, this.#offset);
    return buffer.toString('utf8');
  }

  /** Cuts the file back to the last complete line (only while holding the journal's lock). */
  async truncateTail(): Promise<void> {
    await this.#handle(this.#append).truncate(this.#offset);
    this.#pending = 0;
  }

  /**
   * Appends whole lines (only while holding the journal's lock, with everything before them read)
   * and, with `fsync`, waits until they are on disk. Big lines go out in chunks, so one huge
   * attribute does not hold a libuv thread for long. The lines count as read: the caller applies
   * what it wrote without reading it back.
   */
  async append(lines: readonly string[], options: { fsync: boolean; chunkBytes: number }): Promise<void> {
    const fh = this.#handle(this.#append);
    const data = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
    for (let written = 0; written < data.length;) {
      const { bytesWritten } = await fh.write(data, written, Math.min(options.chunkBytes, data.length - written));
      written += bytesWritten;
    }
    if (options.fsync) await fh.sync();
    this.#offset += data.length;
    this.#lines += lines.length;
  }

  async close(): Promise<void> {
    const handles = [this.#read, this.#append];
    this.#read = null;
    this.#append = null;
    await Promise.all(handles.map((h) => h?.close().catch(() => undefined)));
  }

  #handle(h: FileHandle | null): FileHandle {
    if (h === null) throw new StorageError(`journal ${this.path} is closed`);
    return h;
  }
}
