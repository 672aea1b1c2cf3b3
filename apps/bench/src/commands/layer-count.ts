import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BenchDataError } from '../errors.js';
import type { ModelSource } from '../model/model-source.js';

/** Encoder layers of a model source (from its config.json). */
export async function layerCountOf(source: ModelSource): Promise<number> {
  if (source.kind === 'random') return 4;
  const path = join(source.dir, 'config.json');
  let config: { num_hidden_layers?: unknown };
  try {
    config = JSON.parse(await readFile(path, 'utf8')) as typeof config;
  } catch (cause) {
    throw new BenchDataError(`cannot read ${path}: ${(cause as Error).message}`, { cause });
  }
  if (typeof config.num_hidden_layers !== 'number') throw new BenchDataError(`${path}: \`num_hidden_layers\` must be a number`);
  return config.num_hidden_layers;
}
