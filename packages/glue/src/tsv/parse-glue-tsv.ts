import { MalformedRowError, type MalformedRowDetails } from '../errors.js';
import type { GlueClassificationLabels, GlueFileLayout, GlueRegressionLabels } from '../tasks/glue-tasks.js';
import type { GlueExample, MalformedRowPolicy, SkippedRows } from './glue-example.js';
import { glueRowSchema, type RawGlueRow } from './schemas.js';

/** Options of `parseGlueTsv`. */
export interface ParseGlueTsvOptions {
  /** Column layout of the file. */
  readonly layout: GlueFileLayout;
  /** The task's label set (or regression range). */
  readonly labels: GlueClassificationLabels | GlueRegressionLabels;
  /** Name used in error messages. Default: `layout.file`. */
  readonly file?: string;
  /** Throw on the first malformed row, or skip and count. Default: `'error'`. */
  readonly onMalformedRow?: MalformedRowPolicy;
  /** How many skip reasons to keep. Default: 5. */
  readonly maxReasons?: number;
}

/** Examples of one file plus the rows skipped under the `'skip'` policy. */
export interface ParsedGlueTsv {
  readonly examples: GlueExample[];
  readonly skipped: SkippedRows;
}

/**
 * Parses a GLUE TSV: tab-separated, no quoting (a `"` is an ordinary character), UTF-8 with an optional
 * BOM, LF or CRLF line ends, trailing empty lines tolerated. The header, when the layout has one, must
 * name the used columns as GLUE does; a bad header always throws, whatever the policy.
 */
export function parseGlueTsv(content: Uint8Array | string, options: ParseGlueTsvOptions): ParsedGlueTsv {
  const file = options.file ?? options.layout.file;
  const policy = options.onMalformedRow ?? 'error';
  const maxReasons = options.maxReasons ?? 5;
  const { layout } = options;
  const { schema, rules } = glueRowSchema(options.labels);

  const lines = splitLines(content);
  let end = lines.length;
  while (end > 0 && lines[end - 1] === '') end--;

  const examples: GlueExample[] = [];
  const reasons: string[] = [];
  let skippedCount = 0;
  const reject = (details: Omit<MalformedRowDetails, 'file'>): void => {
    const error = new MalformedRowError({ file, ...details });
    if (policy === 'error') throw error;
    skippedCount++;
    if (reasons.length < maxReasons) reasons.push(error.message);
  };

  let start = 0;
  if (layout.header && end > 0) {
    checkHeader(lines[0], layout, file);
    start = 1;
  }

  for (let i = start; i < end; i++) {
    const lineNumber = i + 1;
    const line = lines[i];
    if (line === null || line === undefined) {
      reject({
        line: lineNumber,
        column: null,
        field: 'encoding',
        value: '<invalid bytes>',
        rule: 'be valid UTF-8',
      });
      continue;
    }
    const fields = line.split('\t');
    if (fields.length !== layout.columns) {
      reject({
        line: lineNumber,
        column: null,
        field: 'row',
        value: line,
        rule: `have ${layout.columns} tab-separated columns (got ${fields.length})`,
      });
      continue;
    }
    const raw: RawGlueRow =
      layout.textPair === undefined
        ? { text: fields[layout.text] ?? '', label: fields[layout.label] ?? '' }
        : {
            text: fields[layout.text] ?? '',
            textPair: fields[layout.textPair] ?? '',
            label: fields[layout.label] ?? '',
          };
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const key = fieldOf(parsed.error.issues[0]?.path[0]);
      const column = key === 'text' ? layout.text : key === 'textPair' ? (layout.textPair ?? null) : layout.label;
      reject({ line: lineNumber, column, field: key, value: raw[key] ?? '', rule: rules[key] });
      continue;
    }
    const { text, textPair, label } = parsed.data;
    examples.push(textPair === undefined ? { line: lineNumber, text, label } : { line: lineNumber, text, textPair, label });
  }
  return { examples, skipped: { count: skippedCount, reasons } };
}

// Lines as strings, or null where the bytes are not UTF-8 (only computed when the fast path fails).
function splitLines(content: Uint8Array | string): (string | null)[] {
  if (typeof content === 'string') return stripCr(stripBom(content).split('\n'));
  try {
    // TextDecoder drops a leading BOM by default (ignoreBOM: false).
    return stripCr(new TextDecoder('utf-8', { fatal: true }).decode(content).split('\n'));
  } catch {
    return decodeLineByLine(content);
  }
}

function decodeLineByLine(bytes: Uint8Array): (string | null)[] {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const lines: (string | null)[] = [];
  let from = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a) continue;
    try {
      lines.push(stripBom(decoder.decode(bytes.subarray(from, i))));
    } catch {
      lines.push(null);
    }
    from = i + 1;
  }
  return stripCr(lines);
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function stripCr<T extends string | null>(lines: T[]): T[] {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (typeof line === 'string' && line.endsWith('\r')) lines[i] = line.slice(0, -1) as T;
  }
  return lines;
}

function checkHeader(header: string | null | undefined, layout: GlueFileLayout, file: string): void {
  if (header === null || header === undefined) {
    throw new MalformedRowError({
      file,
      line: 1,
      column: null,
      field: 'header',
      value: '<invalid bytes>',
      rule: 'be valid UTF-8',
    });
  }
  const names = header.split('\t');
  if (names.length !== layout.columns) {
    throw new MalformedRowError({
      file,
      line: 1,
      column: null,
      field: 'header',
      value: header,
      rule: `have ${layout.columns} tab-separated columns (got ${names.length}); is this the right file?`,
    });
  }
  const expected: [number, string][] = [
    [layout.text, layout.names.text],
    [layout.label, layout.names.label],
  ];
  if (layout.textPair !== undefined && layout.names.textPair !== undefined) {
    expected.push([layout.textPair, layout.names.textPair]);
  }
  for (const [column, name] of expected) {
    if (names[column] !== name) {
      throw new MalformedRowError({
        file,
        line: 1,
        column,
        field: 'header',
        value: names[column] ?? '',
        rule: `be '${name}' (GLUE layout of ${layout.file})`,
      });
    }
  }
}

function fieldOf(key: PropertyKey | undefined): 'text' | 'textPair' | 'label' {
  return key === 'text' || key === 'textPair' ? key : 'label';
}
