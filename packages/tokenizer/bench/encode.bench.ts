// Encoding speed on real GLUE data: `pnpm --filter @lrdist/tokenizer bench`.
// Prints inputs/s ("pairs/s" for pair tasks) and tokens/s for MRPC train and SST-2 train, for the
// library alone (@huggingface/tokenizers' own `encode`) and for this package's layer with a cold and a
// warm word cache. One thread does all the work, so the figures are one core's.
// Set BENCH_REPEATS (default 3) to change how many runs each figure is the median of.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { type TextInput, loadTokenizer } from '../src/index.js';
import { type GlueTextTask, type SharedData, findSharedData, readGlueTexts } from '../test/shared-data.js';

const SST2_GOAL_SECONDS = 10;

interface Figure {
  readonly label: string;
  readonly seconds: number;
  readonly tokens: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function measure(label: string, repeats: number, run: () => number): Figure {
  const times: number[] = [];
  let tokens = 0;
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    tokens = run();
    times.push((performance.now() - start) / 1000);
  }
  return { label, seconds: median(times), tokens };
}

function format(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

async function benchTask(data: SharedData, task: GlueTextTask, repeats: number): Promise<Figure[]> {
  const inputs: TextInput[] = readGlueTexts(data.glueDir, task, 'train');
  const json: object = JSON.parse(readFileSync(join(data.vocabDir, 'tokenizer.json'), 'utf8'));
  const config: object = JSON.parse(readFileSync(join(data.vocabDir, 'tokenizer_config.json'), 'utf8'));
  const library = new Tokenizer(json, config);
  const vocabPath = join(data.vocabDir, 'vocab.txt');

  const figures = [
    measure('library encode (no truncation)', repeats, () => {
      let tokens = 0;
      for (const input of inputs) {
        const encoding = typeof input === 'string' ? library.encode(input) : library.encode(input[0], { text_pair: input[1] });
        tokens += encoding.ids.length;
      }
      return tokens;
    }),
  ];
  // A fresh tokenizer per run, so every run starts with an empty word cache.
  const fresh = await Promise.all(Array.from({ length: repeats }, () => loadTokenizer({ vocabPath })));
  let run = 0;
  figures.push(
    measure('@lrdist/tokenizer encodeMany, cold cache', repeats, () => {
      const tokenizer = fresh[run++];
      if (tokenizer === undefined) throw new Error('bench bug: too few tokenizers');
      return tokenizer.encodeMany(inputs).reduce((n, e) => n + e.inputIds.length, 0);
    }),
  );
  const warm = fresh[0];
  if (warm === undefined) throw new Error('bench bug: no tokenizer');
  figures.push(
    measure('@lrdist/tokenizer encodeMany, warm cache', repeats, () => warm.encodeMany(inputs).reduce((n, e) => n + e.inputIds.length, 0)),
    measure('@lrdist/tokenizer encodeBatch, 32 a batch', repeats, () => {
      let tokens = 0;
      for (let at = 0; at < inputs.length; at += 32) {
        const batch = warm.encodeBatch(inputs.slice(at, at + 32));
        for (const m of batch.attentionMask) tokens += m;
      }
      return tokens;
    }),
  );

  const unit = typeof inputs[0] === 'string' ? 'sentences/s' : 'pairs/s';
  console.log(`\n${task} train: ${format(inputs.length)} ${unit === 'pairs/s' ? 'pairs' : 'sentences'}`);
  console.log(`  ${'method'.padEnd(44)} ${'seconds'.padStart(8)} ${unit.padStart(12)} ${'tokens/s'.padStart(12)}`);
  for (const f of figures) {
    console.log(
      `  ${f.label.padEnd(44)} ${f.seconds.toFixed(3).padStart(8)} ${format(inputs.length / f.seconds).padStart(12)} ${format(f.tokens / f.seconds).padStart(12)}`,
    );
  }
  return figures;
}

async function main(): Promise<void> {
  let data: SharedData;
  try {
    data = findSharedData();
  } catch (error) {
    console.error(`encode bench: ${(error as Error).message}`);
    process.exit(1);
  }
  const repeats = Number(process.env['BENCH_REPEATS'] ?? 3);
  if (!Number.isInteger(repeats) || repeats < 1) {
    console.error(`encode bench: BENCH_REPEATS must be a positive integer, got ${process.env['BENCH_REPEATS']}`);
    process.exit(1);
  }
  console.log(`@lrdist/tokenizer encode bench (node ${process.version}, median of ${repeats} run(s), one thread)`);
  console.log(`data: ${data.glueDir}; vocabulary: ${data.vocabDir}`);
  await benchTask(data, 'MRPC', repeats);
  const sst2 = await benchTask(data, 'SST-2', repeats);
  const cold = sst2.find((f) => f.label.includes('cold'));
  if (cold !== undefined) {
    const verdict = cold.seconds < SST2_GOAL_SECONDS ? 'meets' : 'MISSES';
    console.log(
      `\nSST-2 train with a cold cache: ${cold.seconds.toFixed(2)} s, ${verdict} the goal of < ${SST2_GOAL_SECONDS} s on one core.`,
    );
  }
}

await main();
