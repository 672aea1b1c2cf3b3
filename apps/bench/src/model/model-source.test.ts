import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BenchDataError } from '../errors.js';
import { checkVocabulary, MINI_MODEL_FOLDER, resolveModelSource } from './model-source.js';

const MINI = resolve(import.meta.dirname, '..', '..', '..', '..', MINI_MODEL_FOLDER);

/** A checkpoint folder with the mini's config (vocab_size overridden) and placeholder weights. */
async function folder(options: { vocabSize: number; vocab: boolean }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'model-source-'));
  const config = JSON.parse(await readFile(join(MINI, 'config.json'), 'utf8')) as Record<string, unknown>;
  await writeFile(join(dir, 'config.json'), JSON.stringify({ ...config, vocab_size: options.vocabSize }));
  await writeFile(join(dir, 'model.safetensors'), 'placeholder');
  if (options.vocab) await copyFile(join(MINI, 'vocab.txt'), join(dir, 'vocab.txt'));
  return dir;
}

describe('checkVocabulary', () => {
  it("warns in one line when a folder without vocab.txt is read with bert-base-uncased's vocabulary", async () => {
    const dir = await folder({ vocabSize: 30522, vocab: false });
    const source = await resolveModelSource(dir, { cwd: '/', env: {} });
    const warning = await checkVocabulary(source);
    expect(warning).toBe(
      `warning: --model ${dir}: ${dir} has no vocab.txt or tokenizer.json, so its inputs are tokenised with bert-base-uncased's vocabulary; ` +
        'if the model was trained with another, copy its vocab.txt into that folder',
    );
  });

  it('says nothing when the folder has its own vocabulary, or for mini-random', async () => {
    const dir = await folder({ vocabSize: 30522, vocab: true });
    expect(await checkVocabulary(await resolveModelSource(dir, { cwd: '/', env: {} }))).toBeNull();
    expect(await checkVocabulary(await resolveModelSource('mini-random', { cwd: '/', env: {} }))).toBeNull();
  });

  it("refuses a folder without a vocabulary whose vocab_size is not bert-base-uncased's", async () => {
    const dir = await folder({ vocabSize: 8000, vocab: false });
    const source = await resolveModelSource(dir, { cwd: '/', env: {} });
    const error = await checkVocabulary(source).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BenchDataError);
    expect((error as Error).message).toMatch(
      /has no vocab\.txt or tokenizer\.json, and its vocab_size 8000 is not bert-base-uncased's 30522, .*copy the vocab\.txt/,
    );
  });
});
