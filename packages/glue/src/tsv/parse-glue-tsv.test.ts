import { describe, expect, it } from 'vitest';
import { MalformedRowError } from '../errors.js';
import { GLUE_TASKS } from '../tasks/glue-tasks.js';
import { parseGlueTsv } from './parse-glue-tsv.js';

const mrpc = { layout: GLUE_TASKS.mrpc.train, labels: GLUE_TASKS.mrpc.labels, file: 'mrpc.tsv' };
const stsb = { layout: GLUE_TASKS.stsb.train, labels: GLUE_TASKS.stsb.labels, file: 'stsb.tsv' };
const cola = { layout: GLUE_TASKS.cola.train, labels: GLUE_TASKS.cola.labels, file: 'cola.tsv' };
const MRPC_HEADER = 'Quality\t#1 ID\t#2 ID\t#1 String\t#2 String';

function caught(run: () => unknown): MalformedRowError {
  try {
    run();
  } catch (error) {
    if (error instanceof MalformedRowError) return error;
    throw error;
  }
  throw new Error('expected a MalformedRowError');
}

describe('parseGlueTsv', () => {
  it('strips a BOM, accepts CRLF and a trailing empty line, keeps stray quotes as text', () => {
    const text = `\uFEFF${MRPC_HEADER}\r\n1\t1\t2\t"He said\tit's "fine\r\n0\t3\t4\ta\tb\r\n\r\n`;
    const { examples, skipped } = parseGlueTsv(text, mrpc);
    expect(examples).toEqual([
      { line: 2, text: '"He said', textPair: 'it\'s "fine', label: 1 },
      { line: 3, text: 'a', textPair: 'b', label: 0 },
    ]);
    expect(skipped).toEqual({ count: 0, reasons: [] });
  });

  it('reads bytes the same way as a string, BOM included', () => {
    const text = `\uFEFF${MRPC_HEADER}\n1\t1\t2\tx\ty`;
    const fromBytes = parseGlueTsv(new TextEncoder().encode(text), mrpc);
    expect(fromBytes).toEqual(parseGlueTsv(text, mrpc));
    expect(fromBytes.examples).toHaveLength(1);
  });

  it('numbers lines from 1 without a header (CoLA)', () => {
    const { examples } = parseGlueTsv('gj04\t1\t\tA.\ngj04\t0\t*\tB.', cola);
    expect(examples.map((e) => [e.line, e.text, e.label])).toEqual([
      [1, 'A.', 1],
      [2, 'B.', 0],
    ]);
    expect(examples[0]).not.toHaveProperty('textPair');
  });

  it('parses regression scores', () => {
    const header = GLUE_TASKS.stsb.train.columns;
    const row = (score: string): string => `0\tg\tf\ty\to\ts1\ts2\tA\tB\t${score}`;
    const text = [
      Array.from({ length: header }, (_, i) => (i === 7 ? 'sentence1' : i === 8 ? 'sentence2' : i === 9 ? 'score' : `c${i}`)).join('\t'),
      row('5.000'),
      row('0'),
      row('3.8'),
    ].join('\n');
    expect(parseGlueTsv(text, stsb).examples.map((e) => e.label)).toEqual([5, 0, 3.8]);
    const bad = caught(() => parseGlueTsv(`${text}\n${row('7.5')}`, stsb));
    expect(bad).toMatchObject({
      line: 5,
      column: 9,
      field: 'label',
      value: '7.5',
      rule: 'be a decimal number in [0, 5]',
    });
    expect(() => parseGlueTsv(`${text}\n${row('NaN')}`, stsb)).toThrow(MalformedRowError);
  });

  it('names file, line, column, value and rule of a bad label', () => {
    const error = caught(() => parseGlueTsv(`${MRPC_HEADER}\n1\t1\t2\ta\tb\nyes\t3\t4\tc\td\n`, mrpc));
    expect(error.code).toBe('MALFORMED_ROW');
    expect(error).toMatchObject({ file: 'mrpc.tsv', line: 3, column: 0, field: 'label', value: 'yes' });
    expect(error.message).toBe("`label` (column 0) must be one of '0', '1', got \"yes\" at mrpc.tsv:3");
  });

  it('rejects a row with the wrong number of columns, and an empty line inside the file', () => {
    const short = caught(() => parseGlueTsv(`${MRPC_HEADER}\n1\t1\t2\tonly one text\n`, mrpc));
    expect(short).toMatchObject({
      line: 2,
      column: null,
      field: 'row',
      rule: 'have 5 tab-separated columns (got 4)',
    });
    const blank = caught(() => parseGlueTsv(`${MRPC_HEADER}\n\n1\t1\t2\ta\tb\n`, mrpc));
    expect(blank).toMatchObject({ line: 2, field: 'row' });
  });

  it('skips bad rows when asked, and reports how many and why', () => {
    const rows = [MRPC_HEADER, '1\t1\t2\ta\tb', 'x\t1\t2\ta\tb', 'short', '0\t1\t2\tc\td', '2\t1\t2\te\tf'];
    const { examples, skipped } = parseGlueTsv(rows.join('\n'), {
      ...mrpc,
      onMalformedRow: 'skip',
      maxReasons: 2,
    });
    expect(examples.map((e) => e.line)).toEqual([2, 5]);
    expect(skipped.count).toBe(3);
    expect(skipped.reasons).toHaveLength(2);
    expect(skipped.reasons[0]).toContain('mrpc.tsv:3');
    expect(skipped.reasons[1]).toContain('mrpc.tsv:4');
  });

  it('always throws on a header that does not fit the layout, even when skipping', () => {
    const wrong = caught(() =>
      parseGlueTsv('index\tsentence1\tsentence2\tlabel\n0\ta\tb\tentailment\n', {
        ...mrpc,
        onMalformedRow: 'skip',
      }),
    );
    expect(wrong).toMatchObject({ line: 1, field: 'header' });
    const renamed = caught(() => parseGlueTsv('Quality\t#1 ID\t#2 ID\t#1 String\tsentence2\n', mrpc));
    expect(renamed).toMatchObject({
      line: 1,
      column: 4,
      value: 'sentence2',
      rule: "be '#2 String' (GLUE layout of train.tsv)",
    });
  });

  it('reports a line that is not UTF-8, and skips it under the skip policy', () => {
    const good = new TextEncoder().encode(`${MRPC_HEADER}\n1\t1\t2\ta\tb\n`);
    const bad = Uint8Array.from([0x30, 0x09, 0x31, 0x09, 0x32, 0x09, 0xff, 0xfe, 0x09, 0x62, 0x0a]);
    const bytes = new Uint8Array([...good, ...bad, ...new TextEncoder().encode('0\t1\t2\tc\td\n')]);
    expect(caught(() => parseGlueTsv(bytes, mrpc))).toMatchObject({
      line: 3,
      field: 'encoding',
      rule: 'be valid UTF-8',
    });
    const skipped = parseGlueTsv(bytes, { ...mrpc, onMalformedRow: 'skip' });
    expect(skipped.examples.map((e) => e.line)).toEqual([2, 4]);
    expect(skipped.skipped.count).toBe(1);
  });

  it('returns nothing for an empty file or a header alone', () => {
    expect(parseGlueTsv('', mrpc).examples).toEqual([]);
    expect(parseGlueTsv(`${MRPC_HEADER}\n`, mrpc).examples).toEqual([]);
  });
});
