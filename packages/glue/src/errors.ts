/** Machine-readable codes of every error `@lrdist/glue` throws. */
export type GlueErrorCode =
  | 'UNKNOWN_TASK'
  | 'MALFORMED_ROW'
  | 'TSV_READ'
  | 'DATA_NOT_FOUND'
  | 'DOWNLOAD'
  | 'CHECKSUM_MISMATCH'
  | 'ZIP_FORMAT'
  | 'CACHE_MANIFEST'
  | 'SPLIT_OPTIONS'
  | 'METRIC_INPUT';

/** Base of the glue package's error family; `code` tells the kinds apart without `instanceof`. */
export abstract class GlueError extends Error {
  abstract readonly code: GlueErrorCode;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A task name (CLI or config input) that names no GLUE task. */
export class UnknownTaskError extends GlueError {
  readonly code = 'UNKNOWN_TASK';
  /** The name as given. */
  readonly input: string;
  /** Every accepted spelling, canonical names first. */
  readonly validNames: readonly string[];
  /** The accepted name closest to the input, when one is close (`mrcp` -> `mrpc`). */
  readonly suggestion: string | undefined;

  constructor(input: string, validNames: readonly string[], suggestion?: string, options?: { cause?: unknown }) {
    const hint = suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`;
    super(`\`task\` must be one of ${validNames.join(', ')}, got '${input}'${hint}`, options);
    this.input = input;
    this.validNames = validNames;
    this.suggestion = suggestion;
  }
}

/** Where a malformed row sits and what it broke. */
export interface MalformedRowDetails {
  /** Path of the file (or a label for in-memory text). */
  readonly file: string;
  /** 1-based line number in the file. */
  readonly line: number;
  /** 0-based column index, or null when the row as a whole is wrong (e.g. its column count). */
  readonly column: number | null;
  /** The field's role (`text`, `textPair`, `label`, `row`, `header`, `encoding`). */
  readonly field: string;
  /** The offending value, shortened for the message. */
  readonly value: string;
  /** The rule it broke, phrased to follow "must". */
  readonly rule: string;
}

/** A TSV row (or header) that does not fit its task's layout. */
export class MalformedRowError extends GlueError implements MalformedRowDetails {
  readonly code = 'MALFORMED_ROW';
  readonly file: string;
  readonly line: number;
  readonly column: number | null;
  readonly field: string;
  readonly value: string;
  readonly rule: string;

  constructor(details: MalformedRowDetails, options?: { cause?: unknown }) {
    const where = details.column === null ? '' : ` (column ${details.column})`;
    super(
      `\`${details.field}\`${where} must ${details.rule}, got ${quoteValue(details.value)} at ${details.file}:${details.line}`,
      options,
    );
    this.file = details.file;
    this.line = details.line;
    this.column = details.column;
    this.field = details.field;
    this.value = details.value;
    this.rule = details.rule;
  }
}

/** A TSV file that cannot be read from disk (missing, unreadable); the system error is the cause. */
export class TsvReadError extends GlueError {
  readonly code = 'TSV_READ';
  /** The path that failed. */
  readonly path: string;

  constructor(path: string, options?: { cause?: unknown }) {
    const reason = errorCode(options?.cause);
    super(`\`path\` must name a readable TSV file, got ${path}${reason === undefined ? '' : ` (${reason})`}`, options);
    this.path = path;
  }
}

/** One place the data resolver looked, and why it did not count. */
export interface SearchedLocation {
  /** Where the candidate came from (`option`, `env`, `cwd`, `sibling`, `cache`). */
  readonly source: string;
  /** The task directory that was checked. */
  readonly path: string;
  /** Why it did not count (a missing file or directory). */
  readonly reason: string;
}

/** No candidate directory holds the task's files. */
export class GlueDataNotFoundError extends GlueError {
  readonly code = 'DATA_NOT_FOUND';
  /** The task looked for. */
  readonly task: string;
  /** Every place looked at, in order. */
  readonly searched: readonly SearchedLocation[];

  constructor(task: string, dirName: string, searched: readonly SearchedLocation[], options?: { cause?: unknown }) {
    const lines = searched.map((s) => `  - ${s.path} (${s.source}): ${s.reason}`);
    super(
      [
        `\`${task}\` data must be in one of these places, found none:`,
        ...lines,
        'Fix it with one of:',
        `  - pass the directory that holds ${dirName}/ (option \`dataDir\`, CLI \`--data-dir <dir>\`)`,
        `  - set LRDIST_DATA_DIR=<dir> (a GLUE root holding ${dirName}/, or a data root holding glue/${dirName}/)`,
        `  - download it where a network exists: downloadGlueTask({ task: '${task}' }) fills ~/.cache/lrdist/glue`,
      ].join('\n'),
      options,
    );
    this.task = task;
    this.searched = searched;
  }
}

/** An HTTP download that failed for good (after retries, or with a status that retrying cannot fix). */
export class DownloadError extends GlueError {
  readonly code = 'DOWNLOAD';
  /** The URL fetched. */
  readonly url: string;
  /** The last HTTP status seen, if any. */
  readonly status: number | undefined;
  /** How many attempts were made. */
  readonly attempts: number;

  constructor(url: string, message: string, details: { status?: number; attempts: number }, options?: { cause?: unknown }) {
    const tries = details.attempts > 0 ? ` after ${details.attempts} attempt(s)` : '';
    super(`download of ${url} failed${tries}: ${message}`, options);
    this.url = url;
    this.status = details.status;
    this.attempts = details.attempts;
  }
}

/** A downloaded or extracted file whose sha256 differs from the pinned one; nothing is kept. */
export class ChecksumMismatchError extends GlueError {
  readonly code = 'CHECKSUM_MISMATCH';
  /** What was checked (a URL or a file inside the task directory). */
  readonly subject: string;
  /** The pinned sha256. */
  readonly expected: string;
  /** The sha256 of what arrived. */
  readonly actual: string;

  constructor(subject: string, expected: string, actual: string, options?: { cause?: unknown }) {
    super(`sha256 of ${subject} must be ${expected}, got ${actual} (the file was discarded)`, options);
    this.subject = subject;
    this.expected = expected;
    this.actual = actual;
  }
}

/** A zip archive this package cannot read (corrupt, truncated, zip64, unknown compression). */
export class ZipFormatError extends GlueError {
  readonly code = 'ZIP_FORMAT';
}

/** The download cache's manifest.json that cannot be parsed. */
export class CacheManifestError extends GlueError {
  readonly code = 'CACHE_MANIFEST';
}

/** Split options (seed, fractions, caps) outside their domain. */
export class SplitOptionsError extends GlueError {
  readonly code = 'SPLIT_OPTIONS';
}

/** Metric inputs of different lengths, empty, non-finite, or class indices out of range. */
export class MetricInputError extends GlueError {
  readonly code = 'METRIC_INPUT';
}

function errorCode(cause: unknown): string | undefined {
  if (typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string') return cause.code;
  return undefined;
}

function quoteValue(value: string): string {
  const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
  return JSON.stringify(shown);
}
