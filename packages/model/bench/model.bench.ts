// Speed benchmark against PyTorch on the same CPU, in one run: ms per training step (forward,
// backward, Adam) and per forward pass at three shapes,
//   reference  batch 16, seq 64, 2 layers, hidden 128, 2 heads, FFN 512 (../shared/anchors' shape)
//   mini       batch 16, seq 128, lrdist's CPU default (4 layers, hidden 128)
//   bert-base  batch 8, seq 128, 12 layers, hidden 768, 12 heads, FFN 3072 (few steps)
// each with a classification head on [CLS], vocabulary 30,522, Adam, no dropout. PyTorch runs
// bench/torch_bert.py (the same model in plain torch) where `/usr/bin/python3 -c "import torch"`
// works, interleaved with ours round by round, so that load from elsewhere spreads over both.
//
//   pnpm --filter @lrdist/model bench [--only reference|mini|bert-base] [--steps N] [--rounds R]
//       [--xnnpack] [--sweep] [--no-torch] [--json] [--leak-steps N] [--python /usr/bin/python3]
//
// Variants: `native GEMM` (the OpenBLAS addon, where built) and, with --xnnpack or when the addon
// is missing, `XNNPACK GEMM` (tfjs-wasm's own); --sweep adds each fast path switched off alone, and
// all of them off (plain tfjs). --json prints one JSON object per shape and variant
// (stepMs, forwardMs, torchStepMs, torchForwardMs, gemm, peak memory). --leak-steps N runs N more
// steps on the last variant and reports how tensors and bytes moved (0 = no leak).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../src/backend.js';
import { createBertModel } from '../src/bert/bert-model.js';
import { BERT_PRESETS } from '../src/bert/presets.js';
import type { BertConfig } from '../src/bert/config.js';
import { getKernelFlags, PLAIN_KERNEL_FLAGS, setKernelFlags, type KernelFlags } from '../src/kernels/flags.js';
import { gemmInfo } from '../src/kernels/native-gemm.js';
import { activeWasmBackend } from '../src/kernels/wasm-backend.js';
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
  readonly steps: number;
  readonly forwards: number;
}

interface Torch {
  readonly torchStepMs: number;
  readonly torchForwardMs: number;
  readonly torch: string;
  readonly blas: string;
  readonly threads: number;
  readonly peakRssMb: number;
}

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i < 0 ? undefined : args[i + 1];
};
const stepsArg = arg('steps');
const rounds = Number(arg('rounds') ?? 3);
const only = arg('only');
const json = args.includes('--json');
const withTorch = !args.includes('--no-torch');
const python = arg('python') ?? '/usr/bin/python3';
const leakSteps = Number(arg('leak-steps') ?? 0);
const log = (line: string) => (json ? process.stderr.write(`${line}\n`) : console.log(line));

const SHAPES: Shape[] = [
  { name: 'reference', config: { ...BERT_PRESETS.mini, numLayers: 2 }, batch: 16, seq: 64, steps: 20, forwards: 10 },
  { name: 'mini', config: BERT_PRESETS.mini, batch: 16, seq: 128, steps: 20, forwards: 10 },
  { name: 'bert-base', config: BERT_PRESETS['bert-base-uncased'], batch: 8, seq: 128, steps: 3, forwards: 3 },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function heapMb(): number {
  const be = activeWasmBackend();
  return be === null ? 0 : Math.round(be.wasm.HEAPF32.buffer.byteLength / 2 ** 20);
}

function makeBatch(shape: Shape): TrainingBatch {
  const rng = createRng(0);
  const n = shape.batch * shape.seq;
  return {
    batchSize: shape.batch,
    seqLength: shape.seq,
    inputIds: Int32Array.from({ length: n }, () => rng.nextInt(shape.config.vocabSize)),
    tokenTypeIds: new Int32Array(n),
    attentionMask: new Uint8Array(n).fill(1),
    labels: Int32Array.from({ length: shape.batch }, () => rng.nextInt(2)),
  };
}

interface Measured {
  stepMs: number;
  forwardMs: number;
  leak?: { steps: number; tensors: number; bytes: number };
}

function measure(shape: Shape, steps: number, extraSteps: number): Measured {
  const model = createBertModel({ config: shape.config, seed: 0, heads: [{ name: 'cls', kind: 'classification', numLabels: 2 }] });
  const batch = makeBatch(shape);
  const objective = { kind: 'head', head: 'cls' } as const;
  const optimizer = createOptimizer({
    model,
    kind: 'adam',
    weightDecay: 0,
    lr: { embeddings: 1e-4, [`layer_0-${shape.config.numLayers - 1}`]: 1e-4, head: 1e-4 },
    variables: trainableVariableNames(model, objective),
  });
  try {
    const times: number[] = [];
    const warmup = shape.name === 'bert-base' ? 1 : 3;
    for (let i = 0; i < steps + warmup; i++) {
      const t0 = performance.now();
      trainStep({ model, optimizer, objective, batch, dropout: null });
      if (i >= warmup) times.push(performance.now() - t0);
    }
    const forward: number[] = [];
    for (let i = 0; i < shape.forwards + 1; i++) {
      const t0 = performance.now();
      tf.tidy(() => model.headLogits('cls', model.encode(batch, INFERENCE, { pooledOnly: true }).pooled).dataSync());
      if (i >= 1) forward.push(performance.now() - t0);
    }
    const result: Measured = { stepMs: median(times), forwardMs: median(forward) };
    if (extraSteps > 0) {
      const before = tf.memory();
      for (let i = 0; i < extraSteps; i++) trainStep({ model, optimizer, objective, batch, dropout: null });
      const after = tf.memory();
      result.leak = { steps: extraSteps, tensors: after.numTensors - before.numTensors, bytes: after.numBytes - before.numBytes };
    }
    return result;
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}

function runTorch(shape: Shape, steps: number): Torch | string {
  const script = fileURLToPath(new URL('./torch_bert.py', import.meta.url));
  const c = shape.config;
  const out = spawnSync(
    python,
    [
      script,
      ...['--batch', shape.batch, '--seq', shape.seq, '--hidden', c.hiddenSize, '--layers', c.numLayers],
      ...['--heads', c.numHeads, '--ffn', c.intermediateSize, '--steps', steps, '--forwards', shape.forwards],
      ...['--warmup', shape.name === 'bert-base' ? 1 : 3, '--threads', 1],
    ].map(String),
    // torch.set_num_threads(1) does not reach Debian's OpenBLAS, which would use every core.
    { encoding: 'utf8', env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' } },
  );
  if (out.status !== 0) return (out.stderr || out.error?.message || 'failed').trim().split('\n').pop() ?? 'failed';
  return JSON.parse(out.stdout.trim().split('\n').pop()!) as Torch;
}

async function main(): Promise<void> {
  const info = await initBackend();
  const native = gemmInfo().path === 'native';
  log(`backend: ${info.description}; node ${process.version}; ${rounds} rounds, interleaved with PyTorch`);
  const variants: [string, KernelFlags][] = [];
  if (native) variants.push(['native GEMM', getKernelFlags()]);
  if (!native || args.includes('--xnnpack')) variants.push(['XNNPACK GEMM', { ...getKernelFlags(), nativeGemm: false }]);
  if (args.includes('--sweep')) {
    for (const key of Object.keys(PLAIN_KERNEL_FLAGS) as (keyof KernelFlags)[]) {
      if (key !== 'nativeGemm') variants.push([`without ${key}`, { ...getKernelFlags(), [key]: false }]);
    }
    variants.push(['plain tfjs', PLAIN_KERNEL_FLAGS]);
  }
  let torchAvailable = withTorch && spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
  if (withTorch && !torchAvailable) log(`PyTorch: not measured (${python} cannot import torch; apt-get install python3-torch)`);

  for (const shape of SHAPES) {
    if (only !== undefined && !only.split(',').includes(shape.name)) continue;
    const steps =
      stepsArg === undefined ? shape.steps : shape.name === 'bert-base' ? Math.min(Number(stepsArg), shape.steps) : Number(stepsArg);
    const c = shape.config;
    log(
      `\n${shape.name}: batch ${shape.batch}, seq ${shape.seq}, ${c.numLayers} layers, hidden ${c.hiddenSize}, ${c.numHeads} heads, FFN ${c.intermediateSize}; ${steps} timed steps`,
    );
    const torch: Torch[] = [];
    const ours = variants.map(() => ({ step: [] as number[], forward: [] as number[], error: '', leak: undefined as Measured['leak'] }));
    for (let round = 0; round < rounds; round++) {
      if (torchAvailable) {
        const t = runTorch(shape, steps);
        if (typeof t === 'string') {
          log(`PyTorch failed: ${t}`);
          torchAvailable = false;
        } else {
          torch.push(t);
        }
      }
      variants.forEach(([, flags], i) => {
        const previous = setKernelFlags(flags);
        try {
          const last = round === rounds - 1 && i === variants.length - 1;
          const m = measure(shape, steps, last ? leakSteps : 0);
          ours[i]!.step.push(m.stepMs);
          ours[i]!.forward.push(m.forwardMs);
          if (m.leak !== undefined) ours[i]!.leak = m.leak;
        } catch (e) {
          ours[i]!.error = (e as Error).message.split('\n')[0] ?? '';
        } finally {
          setKernelFlags(previous);
        }
      });
    }
    const torchStep = torch.length > 0 ? median(torch.map((t) => t.torchStepMs)) : undefined;
    const torchForward = torch.length > 0 ? median(torch.map((t) => t.torchForwardMs)) : undefined;
    if (torch.length > 0) {
      const t = torch[0]!;
      log(`PyTorch ${t.torch}, ${t.threads} thread, BLAS: ${t.blas}; peak RSS ${Math.max(...torch.map((x) => x.peakRssMb))} MB`);
    }
    log(`${'variant'.padEnd(26)} step ms   forward ms   step / torch   forward / torch   train tok/s`);
    for (const [i, [label, flags]] of variants.entries()) {
      const r = ours[i]!;
      if (r.error !== '') {
        log(`${label.padEnd(26)} failed: ${r.error}`);
        continue;
      }
      const stepMs = median(r.step);
      const forwardMs = median(r.forward);
      const ratio = (x: number, t: number | undefined) => (t === undefined ? 'n/a' : (x / t).toFixed(2));
      log(
        `${label.padEnd(26)} ${stepMs.toFixed(1).padStart(9)} ${forwardMs.toFixed(1).padStart(12)} ${ratio(stepMs, torchStep).padStart(14)} ${ratio(forwardMs, torchForward).padStart(17)} ${Math.round(
          (shape.batch * shape.seq * 1000) / stepMs,
        )
          .toString()
          .padStart(13)}`,
      );
      if (r.leak !== undefined) log(`  over ${r.leak.steps} more steps: ${r.leak.tensors} tensors, ${r.leak.bytes} bytes more`);
      if (json) {
        console.log(
          JSON.stringify({
            shape: shape.name,
            variant: label,
            batch: shape.batch,
            seq: shape.seq,
            layers: c.numLayers,
            hidden: c.hiddenSize,
            steps,
            rounds,
            stepMs: Number(stepMs.toFixed(2)),
            forwardMs: Number(forwardMs.toFixed(2)),
            torchStepMs: torchStep ?? null,
            torchForwardMs: torchForward ?? null,
            gemm: flags.nativeGemm && native ? gemmInfo().description : 'XNNPACK (wasm SIMD)',
            torchBlas: torch[0]?.blas ?? null,
            peakWasmHeapMb: heapMb(),
            peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
            leak: r.leak ?? null,
          }),
        );
      }
    }
    log(`peak wasm heap so far ${heapMb()} MB, peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  }
}

await main();
