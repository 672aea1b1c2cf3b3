import type { BertTokenizer } from '@lrdist/tokenizer';
import { buildWordnetCorpus, type WordnetCorpus } from './corpus/wordnet-corpus.js';
import { packSequences } from './corpus/pack-sequences.js';

/** The tokenised, packed pretraining corpus. */
export interface PreparedCorpus {
  train: Int32Array[];
  heldOut: Int32Array[];
  stats: WordnetCorpus['stats'] & {
    trainSentences: number;
    heldOutSentences: number;
    trainTokens: number;
    heldOutTokens: number;
    trainSequences: number;
    heldOutSequences: number;
    /**
     * Cross-entropy (nats) of held-out tokens under the training corpus's unigram frequencies
     * (add-one smoothed): the MLM loss of a model that ignores context, a floor to beat.
     */
    unigramLoss: number;
  };
}

/** The held-out rows alone (what measures pretrained knowledge), without tokenising the training part. */
export async function prepareHeldOutRows(options: {
  tokenizer: BertTokenizer;
  seqLength: number;
  heldOutFraction: number;
  seed: number;
}): Promise<Int32Array[]> {
  const corpus = await buildWordnetCorpus({ heldOutFraction: options.heldOutFraction, seed: options.seed });
  const ids = options.tokenizer
    .encodeMany(corpus.heldOut, { maxLength: options.seqLength })
    .map((e) => e.inputIds.subarray(1, e.inputIds.length - 1));
  return packSequences(ids, {
    maxLength: options.seqLength,
    clsId: options.tokenizer.specialIds.cls,
    sepId: options.tokenizer.specialIds.sep,
  });
}

/** Builds the WordNet gloss corpus, tokenises it and packs it into `seqLength`-token rows. */
export async function prepareCorpus(options: {
  tokenizer: BertTokenizer;
  seqLength: number;
  heldOutFraction: number;
  seed: number;
  dictDir?: string;
}): Promise<PreparedCorpus> {
  const { tokenizer, seqLength } = options;
  const corpus = await buildWordnetCorpus({
    heldOutFraction: options.heldOutFraction,
    seed: options.seed,
    ...(options.dictDir === undefined ? {} : { dictDir: options.dictDir }),
  });
  // Content ids only: packing adds [CLS]/[SEP] itself.
  const encode = (sentences: string[]): Int32Array[] =>
    tokenizer.encodeMany(sentences, { maxLength: seqLength }).map((e) => e.inputIds.subarray(1, e.inputIds.length - 1));
  const trainIds = encode(corpus.train);
  const heldOutIds = encode(corpus.heldOut);
  const pack = (ids: Int32Array[]): Int32Array[] =>
    packSequences(ids, { maxLength: seqLength, clsId: tokenizer.specialIds.cls, sepId: tokenizer.specialIds.sep });
  const train = pack(trainIds);
  const heldOut = pack(heldOutIds);
  const count = (rows: Int32Array[]): number => rows.reduce((a, r) => a + r.length, 0);
  const frequencies = new Float64Array(tokenizer.vocabSize);
  for (const row of trainIds) for (const id of row) frequencies[id]! += 1;
  const total = count(trainIds) + tokenizer.vocabSize;
  let nll = 0;
  for (const row of heldOutIds) for (const id of row) nll -= Math.log((frequencies[id]! + 1) / total);
  return {
    train,
    heldOut,
    stats: {
      ...corpus.stats,
      trainSentences: corpus.train.length,
      heldOutSentences: corpus.heldOut.length,
      trainTokens: count(trainIds),
      heldOutTokens: count(heldOutIds),
      trainSequences: train.length,
      heldOutSequences: heldOut.length,
      unigramLoss: nll / Math.max(1, count(heldOutIds)),
    },
  };
}

/** Rows as one shared buffer plus offsets, so every worker thread reads them without a copy. */
export interface SharedRows {
  readonly tokens: SharedArrayBuffer;
  readonly offsets: SharedArrayBuffer;
}

/** Packs rows into shared memory. */
export function shareRows(rows: readonly Int32Array[]): SharedRows {
  const offsets = new Int32Array(new SharedArrayBuffer((rows.length + 1) * 4));
  let n = 0;
  rows.forEach((r, i) => {
    offsets[i] = n;
    n += r.length;
  });
  offsets[rows.length] = n;
  const tokens = new Int32Array(new SharedArrayBuffer(Math.max(1, n) * 4));
  rows.forEach((r, i) => tokens.set(r, offsets[i]!));
  return { tokens: tokens.buffer as SharedArrayBuffer, offsets: offsets.buffer as SharedArrayBuffer };
}

/** Views of shared rows (no copy). */
export function unshareRows(shared: SharedRows): Int32Array[] {
  const tokens = new Int32Array(shared.tokens);
  const offsets = new Int32Array(shared.offsets);
  return Array.from({ length: offsets.length - 1 }, (_, i) => tokens.subarray(offsets[i]!, offsets[i + 1]!));
}
