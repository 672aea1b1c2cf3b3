import { describe, expect, it } from 'vitest';
import { MalformedRowError } from '../errors.js';
import { deriveMrpcTsvs } from './derive-mrpc.js';

const HEADER = '\uFEFFQuality\t#1 ID\t#2 ID\t#1 String\t#2 String';

describe('deriveMrpcTsvs', () => {
  it('splits rows by the dev id pairs, keeps the BOM header in both files, and normalises line ends', () => {
    const corpus = [
      HEADER,
      '1\t11\t12\tA first sentence.\t"A second one.',
      '0\t13\t14\tDev sentence one.\tDev sentence two. ',
      '1\t15\t16\tAnother train row.\tWith its pair.',
      '0\t14\t13\tReversed ids stay in train.\tYes.',
    ].join('\r\n');
    const ids = '13\t14\r\n99\t98\r\n';
    const out = deriveMrpcTsvs(`${corpus}\r\n`, ids);
    const header = `${HEADER}\n`;
    expect(out['dev.tsv']).toBe(`${header}0\t13\t14\tDev sentence one.\tDev sentence two.\n`);
    expect(out['train.tsv']).toBe(
      `${header}1\t11\t12\tA first sentence.\t"A second one.\n1\t15\t16\tAnother train row.\tWith its pair.\n0\t14\t13\tReversed ids stay in train.\tYes.\n`,
    );
  });

  it('strips what Python strips (tabs, no-break spaces) but not inner whitespace', () => {
    const out = deriveMrpcTsvs(`${HEADER}\n\u00a0 1\t1\t2\tx  y\tz\t \u3000\n`, '');
    expect(out['train.tsv'].split('\n')[1]).toBe('1\t1\t2\tx  y\tz');
  });

  it('treats a lone CR as a line end and handles a file without a final newline', () => {
    const out = deriveMrpcTsvs(`${HEADER}\r1\t1\t2\ta\tb\r0\t3\t4\tc\td`, '3\t4');
    expect(out['train.tsv']).toBe(`${HEADER}\n1\t1\t2\ta\tb\n`);
    expect(out['dev.tsv']).toBe(`${HEADER}\n0\t3\t4\tc\td\n`);
  });

  it('refuses a row that does not have five fields, as the GLUE script would', () => {
    expect(() => deriveMrpcTsvs(`${HEADER}\n1\t1\t2\tonly four\n`, '')).toThrow(MalformedRowError);
    expect(() => deriveMrpcTsvs(`${HEADER}\n1\t1\t2\tonly four\n`, '')).toThrow(/msr_paraphrase_train.txt:2/);
  });
});
