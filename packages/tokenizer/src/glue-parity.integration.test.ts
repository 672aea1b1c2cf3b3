import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type GlueTextTask, findSharedData, readGlueTexts } from '../test/shared-data.js';
import type { BertTokenizer } from './bert-tokenizer.js';
import { bertTokenizerJsonFromVocab } from './config/bert-tokenizer-json.js';
import { createHfTokenizer } from './hf-tokenizer.js';
import { loadTokenizer } from './io/load-tokenizer.js';
import { parseVocabTxt } from './vocab/vocab-txt.js';

// Every row of four GLUE tasks, train and dev: the tokenizer built from vocab.txt, the one built from
// the published tokenizer.json, and the library's own `encode` on that tokenizer.json must agree on
// every id and token type id. The first two run this package's cached path; the third does not.
const { glueDir, vocabDir } = findSharedData();
const tokenizerJson: unknown = JSON.parse(readFileSync(join(vocabDir, 'tokenizer.json'), 'utf8'));
const tokenizerConfig: unknown = JSON.parse(readFileSync(join(vocabDir, 'tokenizer_config.json'), 'utf8'));
const EXPECTED_ROWS: Record<GlueTextTask, { train: number; dev: number }> = {
  MRPC: { train: 3_668, dev: 408 },
  RTE: { train: 2_490, dev: 277 },
  CoLA: { train: 8_551, dev: 1_043 },
  'SST-2': { train: 67_349, dev: 872 },
};
// Far above any GLUE row, so nothing is truncated and the library (which does not truncate) compares.
const NO_TRUNCATION = 1_000_000;

let tokenizers: Promise<{ fromVocab: BertTokenizer; fromJson: BertTokenizer }> | undefined;
function bothTokenizers(): Promise<{ fromVocab: BertTokenizer; fromJson: BertTokenizer }> {
  tokenizers ??= Promise.all([loadTokenizer({ vocabPath: join(vocabDir, 'vocab.txt') }), loadTokenizer({ dir: vocabDir })]).then(
    ([fromVocab, fromJson]) => ({ fromVocab, fromJson }),
  );
  return tokenizers;
}

describe('tokenizer parity on GLUE (integration)', () => {
  it('builds from vocab.txt exactly the published tokenizer.json', () => {
    const built = bertTokenizerJsonFromVocab(parseVocabTxt(readFileSync(join(vocabDir, 'vocab.txt'), 'utf8')));
    expect(built).toEqual(tokenizerJson);
  });

  it('loads the folder through tokenizer.json and the bare file through vocab.txt', async () => {
    const { fromVocab, fromJson } = await bothTokenizers();
    expect(fromJson.source.kind).toBe('tokenizer-json');
    expect(fromVocab.source.kind).toBe('vocab-txt');
    expect(fromJson.specialIds).toEqual(fromVocab.specialIds);
  });

  for (const task of Object.keys(EXPECTED_ROWS) as GlueTextTask[]) {
    it(`gives identical ids on every row of ${task} train and dev`, async () => {
      const { fromVocab, fromJson } = await bothTokenizers();
      const library = createHfTokenizer(tokenizerJson as object, tokenizerConfig as object);
      for (const split of ['train', 'dev'] as const) {
        const inputs = readGlueTexts(glueDir, task, split);
        expect(inputs).toHaveLength(EXPECTED_ROWS[task][split]);
        const viaVocab = fromVocab.encodeMany(inputs, { maxLength: NO_TRUNCATION });
        const viaJson = fromJson.encodeMany(inputs, { maxLength: NO_TRUNCATION });
        const mismatches: string[] = [];
        for (const [row, input] of inputs.entries()) {
          const [text, pair] = typeof input === 'string' ? [input, null] : input;
          const expected = library.encode(text, { text_pair: pair, return_token_type_ids: true });
          for (const [name, got] of [
            ['vocab.txt', viaVocab[row]],
            ['tokenizer.json', viaJson[row]],
          ] as const) {
            const same =
              got !== undefined &&
              got.inputIds.length === expected.ids.length &&
              expected.ids.every((id, i) => got.inputIds[i] === id && got.tokenTypeIds[i] === expected.token_type_ids?.[i]);
            if (!same && mismatches.length < 5) mismatches.push(`${task} ${split} row ${row} (${name}): ${JSON.stringify(input)}`);
          }
        }
        expect(mismatches).toEqual([]);
        // Truncated encodings agree too (both tokenizers cut the same ids the same way).
        const cutVocab = fromVocab.encodeMany(inputs, { maxLength: 32 });
        const cutJson = fromJson.encodeMany(inputs, { maxLength: 32 });
        const differing = cutVocab.findIndex((e, row) => e.inputIds.join() !== cutJson[row]?.inputIds.join());
        expect(differing).toBe(-1);
        expect(Math.max(...cutVocab.map((e) => e.inputIds.length))).toBeLessThanOrEqual(32);
      }
    });
  }
});
