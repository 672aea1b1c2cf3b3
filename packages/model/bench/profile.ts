// Per-kernel profile of one training step and one forward pass at the reference shape:
//   pnpm exec tsx bench/profile.ts [reference|mini|bert-base]
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../src/backend.js';
import { createBertModel } from '../src/bert/bert-model.js';
import { BERT_PRESETS } from '../src/bert/presets.js';
import { INFERENCE } from '../src/layers/forward-context.js';
import { trainableVariableNames, type TrainingBatch } from '../src/train/objective.js';
import { createOptimizer } from '../src/train/optimizer.js';
import { trainStep } from '../src/train/train-step.js';
import { createRng } from '../src/util/rng.js';

const which = process.argv[2] ?? 'reference';
const config =
  which === 'bert-base' ? BERT_PRESETS['bert-base-uncased'] : which === 'mini' ? BERT_PRESETS.mini : { ...BERT_PRESETS.mini, numLayers: 2 };
const [B, T] = which === 'bert-base' ? [8, 128] : which === 'mini' ? [16, 128] : [16, 64];

await initBackend();
const rng = createRng(0);
const model = createBertModel({ config, heads: [{ name: 'cls', kind: 'classification', numLabels: 2 }] });
const n = B * T;
const batch: TrainingBatch = {
  batchSize: B,
  seqLength: T,
  inputIds: Int32Array.from({ length: n }, () => rng.nextInt(config.vocabSize)),
  tokenTypeIds: new Int32Array(n),
  attentionMask: new Uint8Array(n).fill(1),
  labels: Int32Array.from({ length: B }, () => rng.nextInt(2)),
};
const objective = { kind: 'head', head: 'cls' } as const;
const optimizer = createOptimizer({
  model,
  kind: 'adam',
  weightDecay: 0,
  lr: { embeddings: 1e-4, [`layer_0-${config.numLayers - 1}`]: 1e-4, head: 1e-4 },
  variables: trainableVariableNames(model, objective),
});
for (let i = 0; i < (which === 'bert-base' ? 1 : 3); i++) trainStep({ model, optimizer, objective, batch, dropout: null });

async function report(label: string, f: () => void): Promise<void> {
  const t0 = performance.now();
  const info = await tf.profile(f);
  const wall = performance.now() - t0;
  const byName = new Map<string, { ms: number; count: number }>();
  let total = 0;
  for (const k of info.kernels) {
    if (k.name === 'forward' || k.name.endsWith('__op')) continue;
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    const shapes = k.inputShapes.map((s) => `[${(s ?? []).join(',')}]`).join('x');
    const key = `${k.name} ${shapes}`;
    const e = byName.get(key) ?? { ms: 0, count: 0 };
    e.ms += ms;
    e.count++;
    byName.set(key, e);
    total += ms;
  }
  console.log(`\n${label}: wall ${wall.toFixed(1)} ms (profiled), kernels ${total.toFixed(1)} ms in ${info.kernels.length} calls`);
  [...byName.entries()]
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, Number(process.env['TOP'] ?? 25))
    .forEach(([k, v]) => console.log(`${v.ms.toFixed(2).padStart(8)} ms ${String(v.count).padStart(4)}x  ${k}`));
}

await report('forward', () => {
  tf.tidy(() => model.headLogits('cls', model.encode(batch, INFERENCE, { pooledOnly: true }).pooled).dataSync());
});
await report('train step', () => {
  trainStep({ model, optimizer, objective, batch, dropout: null });
});
