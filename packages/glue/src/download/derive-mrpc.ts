/**
 * Rebuilds GLUE's MRPC `train.tsv` and `dev.tsv` from the corpus file `msr_paraphrase_train.txt`
 * and GLUE's `mrpc_dev_ids.tsv`, byte for byte as `format_mrpc` in the GLUE download script
 * (nyu-mll/GLUE-baselines `download_glue_data.py`) writes them under Python 3: the file is read as
 * text (universal newlines: CRLF and CR become LF; a BOM stays in the header), the header line is
 * copied to both outputs, each row is `str.strip()`ped and split on tabs into exactly five fields,
 * and a row goes to dev when its `[#1 ID, #2 ID]` equals a stripped, tab-split line of the id list.
 */
import { MalformedRowError } from '../errors.js';

/** The two TSV files GLUE ships for MRPC. */
export interface MrpcTsvs {
  readonly 'train.tsv': string;
  readonly 'dev.tsv': string;
}

// Characters for which Python's str.isspace() is true: what str.strip() removes.
const PY_WHITESPACE = new Set(
  [
    0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006,
    0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
  ].map((c) => String.fromCharCode(c)),
);

/** Splits the corpus into GLUE's MRPC train and dev files (see the file comment for the exact rules). */
export function deriveMrpcTsvs(corpus: string, devIds: string): MrpcTsvs {
  const devKeys = new Set(textLines(devIds).map((row) => pyStrip(row).split('\t').join('\t')));
  const lines = textLines(corpus);
  const header = `${lines[0] ?? ''}\n`;
  const train: string[] = [header];
  const dev: string[] = [header];
  for (let i = 1; i < lines.length; i++) {
    const fields = pyStrip(lines[i] ?? '').split('\t');
    if (fields.length !== 5) {
      throw new MalformedRowError({
        file: 'msr_paraphrase_train.txt',
        line: i + 1,
        column: null,
        field: 'row',
        value: lines[i] ?? '',
        rule: `have 5 tab-separated columns (got ${fields.length})`,
      });
    }
    const [, id1, id2] = fields;
    (devKeys.has(`${id1}\t${id2}`) ? dev : train).push(`${fields.join('\t')}\n`);
  }
  return { 'train.tsv': train.join(''), 'dev.tsv': dev.join('') };
}

// Lines as Python's text-mode iteration yields them, without their terminators.
function textLines(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function pyStrip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && PY_WHITESPACE.has(text.charAt(start))) start++;
  while (end > start && PY_WHITESPACE.has(text.charAt(end - 1))) end--;
  return text.slice(start, end);
}
