import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BERT_PRESETS,
  createBertModel,
  downloadBertCheckpoint,
  loadBertCheckpoint,
  parseBertConfig,
  type BertConfig,
  type BertModel,
  type HeadSpec,
} from '@lrdist/model';
import { loadTokenizer, type BertTokenizer } from '@lrdist/tokenizer';
import { BenchDataError } from '../errors.js';

/** Where a run's encoder comes from. */
export type ModelSource =
  | {
      readonly kind: 'checkpoint';
      readonly spec: string;
      readonly dir: string;
      readonly id: string;
      readonly preset: 'mini' | 'bert-base-uncased' | 'custom';
    }
  | { readonly kind: 'random'; readonly spec: string; readonly id: string; readonly preset: 'mini' };

/** The folder of lrdist's pretrained CPU default, relative to the repository. */
export const MINI_MODEL_FOLDER = join('models', 'mini-wordnet');

const hasCheckpoint = (dir: string): boolean => existsSync(join(dir, 'config.json')) && existsSync(join(dir, 'model.safetensors'));

/** Walks up from `start` looking for `relative`; the first folder holding a checkpoint wins. */
function findUpwards(start: string, relative: string): string | null {
  let dir = resolve(start);
  for (;;) {
    const candidate = join(dir, relative);
    if (hasCheckpoint(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

async function checkpointId(name: string, dir: string): Promise<string> {
  // Content hash: a re-pretrained model must not reuse the phase-A cache of the old one.
  const digest = createHash('sha256')
    .update(await readFile(join(dir, 'model.safetensors')))
    .digest('hex');
  return `${name}@${digest.slice(0, 12)}`;
}

/**
 * Resolves `--model`: `mini` (the pretrained default in models/mini-wordnet, found from the working
 * directory or the installed app, or `$LRDIST_MODEL_DIR`), `mini-random` (the same architecture,
 * randomly initialised: the control for what pretraining buys), `bert-base-uncased` (the Hugging Face
 * cache, shared with Python, else the hub where a network exists), or a path to a Hugging Face checkpoint folder.
 */
export async function resolveModelSource(
  spec: string,
  options: { cwd: string; env: Readonly<Record<string, string | undefined>>; hubCacheDir?: string },
): Promise<ModelSource> {
  if (spec === 'mini-random') return { kind: 'random', spec, id: 'mini-random', preset: 'mini' };
  if (spec === 'mini') {
    const here = dirname(fileURLToPath(import.meta.url));
    const candidates = [options.env['LRDIST_MODEL_DIR'], findUpwards(options.cwd, MINI_MODEL_FOLDER), findUpwards(here, MINI_MODEL_FOLDER)];
    const dir = candidates.find((c): c is string => c !== undefined && c !== null && hasCheckpoint(c));
    if (dir === undefined) {
      throw new BenchDataError(
        `the \`mini\` model was not found (looked in $LRDIST_MODEL_DIR and for ${MINI_MODEL_FOLDER}/ above ${options.cwd} and ${here}); ` +
          'run `pnpm pretrain` to make it, or pass --model PATH',
      );
    }
    return { kind: 'checkpoint', spec, dir, id: await checkpointId('mini', dir), preset: 'mini' };
  }
  if (spec === 'bert-base-uncased') {
    let dir: string;
    try {
      dir = await downloadBertCheckpoint({
        repo: 'bert-base-uncased',
        ...(options.hubCacheDir === undefined ? {} : { cacheDir: options.hubCacheDir }),
      });
    } catch (cause) {
      throw new BenchDataError(
        `bert-base-uncased is not cached and could not be downloaded (${(cause as Error).message}); ` +
          'copy a Hugging Face checkpoint folder (config.json + model.safetensors) here and pass --model PATH',
        { cause },
      );
    }
    return { kind: 'checkpoint', spec, dir, id: await checkpointId('bert-base-uncased', dir), preset: 'bert-base-uncased' };
  }
  const dir = resolve(options.cwd, spec);
  if (!hasCheckpoint(dir)) {
    throw new BenchDataError(
      `--model ${spec}: ${dir} holds no config.json + model.safetensors; use mini, mini-random, bert-base-uncased or a checkpoint folder`,
    );
  }
  return { kind: 'checkpoint', spec, dir, id: await checkpointId(spec, dir), preset: 'custom' };
}

/** The architecture of a source: its folder's config.json, or the preset of a random model. */
export async function readModelConfig(source: ModelSource): Promise<BertConfig> {
  if (source.kind === 'random') return BERT_PRESETS[source.preset];
  const path = join(source.dir, 'config.json');
  try {
    return parseBertConfig(JSON.parse(await readFile(path, 'utf8')), path);
  } catch (cause) {
    throw new BenchDataError(`cannot read the model's architecture from ${path}: ${(cause as Error).message}`, { cause });
  }
}

/** The encoder of a source with the given heads (and its MLM head when the checkpoint has one). */
export async function loadModel(source: ModelSource, options: { seed: number; heads: readonly HeadSpec[] }): Promise<BertModel> {
  if (source.kind === 'random') return createBertModel({ config: 'mini', seed: options.seed, heads: options.heads });
  const loaded = await loadBertCheckpoint({ dir: source.dir, heads: options.heads, seed: options.seed, allowMissing: ['pooler.'] });
  return loaded.model;
}

const hasVocabulary = (dir: string): boolean => existsSync(join(dir, 'tokenizer.json')) || existsSync(join(dir, 'vocab.txt'));

/** The source's tokenizer: its folder's files, else the bert-base-uncased vocabulary (see {@link checkVocabulary}). */
export async function loadSourceTokenizer(source: ModelSource): Promise<BertTokenizer> {
  if (source.kind === 'checkpoint' && hasVocabulary(source.dir)) return loadTokenizer({ dir: source.dir });
  return loadTokenizer();
}

/** Size of bert-base-uncased's vocabulary, the one a folder without its own stands in with. */
const BERT_BASE_VOCAB_SIZE = 30522;

/**
 * A checkpoint folder without vocab.txt or tokenizer.json is tokenised with bert-base-uncased's
 * vocabulary. Returns the one-line warning to print when that happens to a folder the user named
 * (null when the folder has its own vocabulary, or is bert-base-uncased itself), and refuses a
 * folder whose `vocab_size` is not bert-base-uncased's: its token ids would mean other words.
 */
export async function checkVocabulary(source: ModelSource): Promise<string | null> {
  if (source.kind !== 'checkpoint' || source.preset === 'bert-base-uncased' || hasVocabulary(source.dir)) return null;
  const { vocabSize } = await readModelConfig(source);
  if (vocabSize !== BERT_BASE_VOCAB_SIZE) {
    throw new BenchDataError(
      `--model ${source.spec}: ${source.dir} has no vocab.txt or tokenizer.json, and its vocab_size ${vocabSize} is not bert-base-uncased's ${BERT_BASE_VOCAB_SIZE}, ` +
        'so that vocabulary cannot stand in; copy the vocab.txt (or tokenizer.json) the model was trained with into that folder',
    );
  }
  return (
    `warning: --model ${source.spec}: ${source.dir} has no vocab.txt or tokenizer.json, so its inputs are tokenised with bert-base-uncased's vocabulary; ` +
    'if the model was trained with another, copy its vocab.txt into that folder'
  );
}
