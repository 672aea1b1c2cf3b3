// Speed benchmark: ms per training step (forward, backward, Adam), ms per forward pass and
// tokens/s, at the shape of ../shared/anchors/torch_bert_step.py (batch 16, seq 64, hidden 128,
// 2 layers, 2 heads, FFN 512, vocab 30,522, Adam, classification head on [CLS], no dropout) and
// on the `mini` preset at seq 128. Compare with `python3 torch_bert_step.py 1` on the same CPU.
//
//   pnpm --filter @lrdist/model bench [--steps 20] [--rounds 3] [--sweep] [--only reference|mini]
//
// Each variant is measured `rounds` times, interleaved with the others, and the median of the
// per-round medians is printed, so that load from other processes spreads over all variants.
//
// '+ lazy embedding rows' is the optional LazyAdam-style update (not PyTorch's dense Adam);
// '+ dropout' trains with BERT's dropout (the anchor has none).
// --sweep also times each fast path switched off alone, and all of them off (plain tfjs).
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../src/backend.js';
import { createBertModel } from '../src/bert/bert-model.js';
import { BERT_PRESETS } from '../src/bert/presets.js';
import type { BertConfig } from '../src/bert/config.js';
import { getKernelFlags, PLAIN_KERNEL_FLAGS, setKernelFlags, type KernelFlags } from '../src/kernels/flags.js';
import { createDropoutSampler } from '../src/layers/dropout.js';
import { INFERENCE } from '../src/layers/forward-context.js';
import { trainableVariableNames, type TrainingBatch } from '../src/train/objective.js';
import { createOptimizer } from '../src/train/optimizer.js';
import { trainStep } from '../src/train/train-step.js';
import { createRng } from '../src/util/rng.js';

interface Shape {
  readonly name: string;
  readonly config: BertConfig;
  readonly batch: number;
  readonly seq: number;
}

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i < 0 ? undefined : args[i + 1];
};
const steps = Number(arg('steps') ?? 20);
const rounds = Number(arg('rounds') ?? 3);
const only = arg('only');
const sweep = args.includes('--sweep');

const SHAPES: Shape[] = [
  { name: 'reference (anchor)', config: { ...BERT_PRESETS.mini, numLayers: 2 }, batch: 16, seq: 64 },
  { name: 'mini, seq 128', config: BERT_PRESETS.mini, batch: 16, seq: 128 },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function measure(shape: Shape, lazyEmbeddings = false, withDropout = false): { stepMs: number; forwardMs: number } {
  const rng = createRng(0);
  const model = createBertModel({ config: shape.config, seed: 0, heads: [{ name: 'cls', kind: 'classification', numLabels: 2 }] });
  const n = shape.batch * shape.seq;
  const batch: TrainingBatch = {
    batchSize: shape.batch,
    seqLength: shape.seq,
    inputIds: Int32Array.from({ length: n }, () => rng.nextInt(shape.config.vocabSize)),
    tokenTypeIds: new Int32Array(n),
    attentionMask: new Uint8Array(n).fill(1),
    labels: Int32Array.from({ length: shape.batch }, () => rng.nextInt(2)),
  };
  const objective = { kind: 'head', head: 'cls' } as const;
  const optimizer = createOptimizer({
    model,
    kind: 'adam',
    weightDecay: 0,
    lr: { embeddings: 1e-4, [`layer_0-${shape.config.numLayers - 1}`]: 1e-4, head: 1e-4 },
    variables: trainableVariableNames(model, objective),
    lazyEmbeddings,
  });
  const times: number[] = [];
  const dropout = withDropout ? createDropoutSampler(createRng(1)) : null;
  for (let i = 0; i < steps + 3; i++) {
    const t0 = performance.now();
    trainStep({ model, optimizer, objective, batch, dropout });
    if (i >= 3) times.push(performance.now() - t0);
  }
  const forward: number[] = [];
  for (let i = 0; i < Math.max(5, Math.ceil(steps / 2)) + 2; i++) {
    const t0 = performance.now();
    tf.tidy(() => model.headLogits('cls', model.encode(batch, INFERENCE, { pooledOnly: true }).pooled).dataSync());
    if (i >= 2) forward.push(performance.now() - t0);
  }
  optimizer.dispose();
  model.dispose();
  return { stepMs: median(times), forwardMs: median(forward) };
}

async function main(): Promise<void> {
  const info = await initBackend();
  console.log(`backend: ${info.description}; ${steps} timed steps (median); node ${process.version}`);
  const variants: [string, KernelFlags, boolean, boolean][] = [
    ['all fast paths', getKernelFlags(), false, false],
    ['+ lazy embedding rows', getKernelFlags(), true, false],
    ['+ dropout 0.1 (as BERT)', getKernelFlags(), false, true],
  ];
  if (sweep) {
    for (const key of Object.keys(PLAIN_KERNEL_FLAGS) as (keyof KernelFlags)[]) {
      variants.push([`without ${key}`, { ...getKernelFlags(), [key]: false }, false, false]);
    }
    variants.push(['plain tfjs (all off)', PLAIN_KERNEL_FLAGS, false, false]);
  }
  for (const shape of SHAPES) {
    if (only !== undefined && !shape.name.startsWith(only)) continue;
    console.log(`\n${shape.name}: batch ${shape.batch}, seq ${shape.seq}, ${shape.config.numLayers} layers, hidden ${shape.config.hiddenSize}`);
    console.log('variant                     step ms   forward ms   train tok/s   forward tok/s');
    const results = variants.map(() => ({ step: [] as number[], forward: [] as number[], error: '' }));
    for (let round = 0; round < rounds; round++) {
      variants.forEach(([, flags, lazy, withDropout], i) => {
        const previous = setKernelFlags(flags);
        try {
          const { stepMs, forwardMs } = measure(shape, lazy, withDropout);
          results[i]!.step.push(stepMs);
          results[i]!.forward.push(forwardMs);
        } catch (e) {
          results[i]!.error = (e as Error).message.split('\n')[0] ?? '';
        } finally {
          setKernelFlags(previous);
        }
      });
    }
    for (const [i, [label]] of variants.entries()) {
      const r = results[i]!;
      if (r.error !== '') {
        console.log(`${label.padEnd(26)} failed: ${r.error}`);
        continue;
      }
      {
        const stepMs = median(r.step);
        const forwardMs = median(r.forward);
        const tokens = shape.batch * shape.seq;
        console.log(
          `${label.padEnd(26)} ${stepMs.toFixed(1).padStart(8)} ${forwardMs.toFixed(1).padStart(12)} ${Math.round((tokens / stepMs) * 1000)
            .toString()
            .padStart(13)} ${Math.round((tokens / forwardMs) * 1000)
            .toString()
            .padStart(15)}`,
        );
      }
    }
  }
}

await main();
