import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { BertTokenizer, BertTokenizerOptions } from '../bert-tokenizer.js';
import { bertVocabOptionsFromConfig } from '../config/bert-tokenizer-json.js';
import { createTokenizerFromJson, createTokenizerFromVocab, parseTokenizerConfig } from '../create-tokenizer.js';
import { TokenizerConfigError, TokenizerFileError } from '../errors.js';
import { readBertTokenizerPackageVocab } from '../vocab/bert-tokenizer-vocab.js';
import { parseVocabTxt } from '../vocab/vocab-txt.js';

/** Where {@link loadTokenizer} looks. With nothing set it uses the `bert-tokenizer` package's vocabulary. */
export interface LoadTokenizerOptions extends BertTokenizerOptions {
  /** A folder with `tokenizer.json` (preferred) or `vocab.txt`, and optionally `tokenizer_config.json`; explicit files win. Default none. */
  readonly dir?: string;
  /** An explicit `tokenizer.json`; excludes `vocabPath`. Default none. */
  readonly tokenizerJsonPath?: string;
  /** An explicit `vocab.txt`; excludes `tokenizerJsonPath`. Default none. */
  readonly vocabPath?: string;
  /** An explicit `tokenizer_config.json`. Default: the one in `dir` when the tokenizer file comes from `dir`. */
  readonly configPath?: string;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new TokenizerFileError(`${path} must be a readable file, but reading it failed`, { cause: error });
  }
}

async function readJson(path: string): Promise<unknown> {
  const text = await readText(path);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new TokenizerConfigError(`${path} must hold JSON, got: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Finds and builds a tokenizer: explicit files first, then a folder (`tokenizer.json` preferred over
 * `vocab.txt`), then, with nothing given, bert-base-uncased rebuilt from the `bert-tokenizer` package.
 * A folder or file that was asked for but is missing is an error that lists what was tried, never a
 * silent fallback.
 */
export async function loadTokenizer(options: LoadTokenizerOptions = {}): Promise<BertTokenizer> {
  const { dir, tokenizerJsonPath, vocabPath, configPath, ...build } = options;
  if (tokenizerJsonPath !== undefined && vocabPath !== undefined) {
    throw new TokenizerConfigError(
      `\`tokenizerJsonPath\` and \`vocabPath\` must not both be set, got ${tokenizerJsonPath} and ${vocabPath}`,
    );
  }
  let jsonFile = tokenizerJsonPath === undefined ? undefined : resolve(tokenizerJsonPath);
  let vocabFile = vocabPath === undefined ? undefined : resolve(vocabPath);
  let configFile = configPath === undefined ? undefined : resolve(configPath);
  const tried: string[] = [];
  for (const file of [jsonFile, vocabFile, configFile]) {
    if (file !== undefined && !(await isFile(file))) tried.push(file);
  }
  if (tried.length > 0) {
    throw new TokenizerFileError(`tokenizer file must exist, got none at: ${tried.join(', ')}`);
  }

  if (dir !== undefined && jsonFile === undefined && vocabFile === undefined) {
    const folder = resolve(dir);
    const [jsonCandidate, vocabCandidate, configCandidate] = ['tokenizer.json', 'vocab.txt', 'tokenizer_config.json'].map((name) =>
      join(folder, name),
    ) as [string, string, string];
    if (await isFile(jsonCandidate)) jsonFile = jsonCandidate;
    else if (await isFile(vocabCandidate)) vocabFile = vocabCandidate;
    else {
      throw new TokenizerFileError(
        `tokenizer folder ${folder} must hold tokenizer.json or vocab.txt; looked for ${jsonCandidate} and ${vocabCandidate}. ` +
          'Pass another `dir`, explicit files, or nothing to use the bundled bert-base-uncased vocabulary.',
      );
    }
    // The folder's config belongs to the folder's tokenizer file, not to an explicit file given beside it.
    if (configFile === undefined && (await isFile(configCandidate))) configFile = configCandidate;
  }
  const config = configFile === undefined ? undefined : parseTokenizerConfig(await readJson(configFile), configFile);

  if (jsonFile !== undefined) {
    return createTokenizerFromJson({
      ...build,
      tokenizerJson: await readJson(jsonFile),
      tokenizerConfig: config ?? {},
      label: jsonFile,
      source: { kind: 'tokenizer-json', path: jsonFile },
    });
  }
  if (vocabFile !== undefined) {
    const pieces = parseVocabTxt(await readText(vocabFile), vocabFile);
    return createTokenizerFromVocab(pieces, {
      ...(config === undefined ? {} : bertVocabOptionsFromConfig(config)),
      ...build,
      source: { kind: 'vocab-txt', path: vocabFile },
    });
  }
  const bundled = readBertTokenizerPackageVocab();
  return createTokenizerFromVocab(bundled.pieces, {
    ...build,
    source: { kind: 'bert-tokenizer-package', path: bundled.path },
  });
}
