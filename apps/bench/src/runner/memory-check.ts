import { estimateTrainingMemory, WASM_HEAP_LIMIT_BYTES, type BertConfig, type TrainingMemoryEstimate } from '@lrdist/model';

/**
 * Past this share of the wasm heap limit a run certainly aborts: the estimate is within 5% of the
 * measured heap, and it assumes a batch padded to --max-seq-len, which real batches reach or nearly.
 */
const CERTAIN_OVER = 1.1;
/** From this share of a limit on, say that it is tight. */
const TIGHT = 0.9;
/** The main thread besides its workers (Node, the data it parses, a small backend of its own). */
const MAIN_THREAD_BYTES = 0.5 * 2 ** 30;

/** Options of {@link checkMemory}. */
export interface MemoryCheckOptions {
  readonly config: BertConfig;
  readonly batchSize: number;
  /** --max-seq-len: the longest batch a run may pad to. */
  readonly seqLength: number;
  /** Outputs of the largest head trained. */
  readonly numLabels: number;
  readonly jobs: number;
  /**
   * The workers' GEMM path on the wasm backend (`BackendInfo.gemm.path`), whose heap holds at most
   * WASM_HEAP_LIMIT_BYTES per worker; null on other backends (no heap limit).
   */
  readonly gemm: 'native' | 'wasm' | null;
  /** The machine's memory (os.totalmem()). */
  readonly totalMemoryBytes: number;
}

/** What a run's shape needs against what the backend and the machine hold. */
export interface MemoryCheck {
  /** `error`: the wasm heap would certainly overflow; `warning`: a limit is tight or passed. */
  readonly level: 'ok' | 'warning' | 'error';
  readonly estimate: TrainingMemoryEstimate;
  /** A worker's memory (heap and moments) plus the checkpoint bytes it holds in JavaScript while it loads or saves. */
  readonly perWorkerBytes: number;
  /** One line to print (the error message when `level` is `error`). */
  readonly line: string;
}

const gib = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(1)} GiB`;
const size = (bytes: number): string => (bytes < 2 ** 30 ? `${Math.round(bytes / 2 ** 20)} MiB` : gib(bytes));

/** The model in words: `bert-base`, `mini`, or its depth and width. */
export function describeArchitecture(config: BertConfig): string {
  const { numLayers: l, hiddenSize: h, numHeads: a, intermediateSize: i } = config;
  if (l === 12 && h === 768 && a === 12 && i === 3072) return 'bert-base';
  if (l === 4 && h === 128 && a === 2 && i === 512) return 'mini';
  return `a ${l}-layer, ${h}-wide BERT`;
}

/** The largest value in [1, upTo) for which `fits` holds (`fits` grows harder with the value), or null. */
function largest(upTo: number, fits: (n: number) => boolean): number | null {
  for (let n = upTo - 1; n >= 1; n--) if (fits(n)) return n;
  return null;
}

/**
 * Compares the wasm heap one worker needs (estimateTrainingMemory at the run's batch size and
 * maximum length, on the workers' GEMM path) with the heap limit, and `jobs` workers with the
 * machine's memory, and says what to change when a limit is passed: a smaller --batch-size or
 * --max-seq-len for the heap, fewer --jobs for the machine.
 */
export function checkMemory(options: MemoryCheckOptions): MemoryCheck {
  const { config, batchSize, seqLength, numLabels, jobs } = options;
  const gemm = options.gemm ?? 'native';
  const heapNeed = (b: number, l: number): number =>
    estimateTrainingMemory({ config, batchSize: b, seqLength: l, numLabels, gemm }).heapBytes;
  const estimate = estimateTrainingMemory({ config, batchSize, seqLength, numLabels, gemm });
  const perWorkerBytes = estimate.totalBytes + estimate.weightBytes;
  const moments = `AdamW moments ${size(estimate.optimizerBytes)}`;
  const parts =
    `weights ${size(estimate.weightBytes)}, gradients ${size(estimate.gradientBytes)}, ${estimate.optimizerOnHeap ? `${moments}, ` : ''}` +
    `workspace ${size(estimate.workspaceBytes)}, activations ${size(estimate.activationBytes)}` +
    (estimate.optimizerOnHeap ? '' : `; ${moments} beside the heap`);
  const head =
    options.gemm === null
      ? `${describeArchitecture(config)} needs ~${gib(estimate.totalBytes)} per worker at batch ${batchSize} x ${seqLength} tokens (${parts})`
      : `${describeArchitecture(config)} needs ~${gib(estimate.heapBytes)} of wasm heap per worker at batch ${batchSize} x ${seqLength} tokens (${parts})`;

  let level: MemoryCheck['level'] = 'ok';
  const verdicts: string[] = [];
  if (options.gemm !== null) {
    const ratio = estimate.heapBytes / WASM_HEAP_LIMIT_BYTES;
    const percent = `${(ratio * 100).toFixed(0)}% of the wasm heap limit (${gib(WASM_HEAP_LIMIT_BYTES)} per worker)`;
    if (ratio > CERTAIN_OVER) {
      // Suggest shapes with the same margin as an `ok` verdict, not ones that scrape the limit.
      const fitsHeap = (b: number, l: number): boolean => heapNeed(b, l) <= TIGHT * WASM_HEAP_LIMIT_BYTES;
      const batch = largest(batchSize, (b) => fitsHeap(b, seqLength));
      const length = largest(seqLength, (l) => fitsHeap(batchSize, l));
      const tries = [
        batch === null ? null : `--batch-size ${batch}`,
        length === null || length < 8 ? null : `--max-seq-len ${length}`,
      ].filter((t) => t !== null);
      const fix =
        (tries.length > 0 ? `try ${tries.join(' or ')}` : 'no batch fits; use tfjs-node (LRDIST_BACKEND=node)') +
        (gemm === 'wasm' ? " (the native GEMM path, which ./scripts/setup builds, needs far less: see the backend line's reason)" : '');
      return { level: 'error', estimate, perWorkerBytes, line: `${head}; ${percent}, so training would abort; ${fix}` };
    }
    if (ratio > TIGHT) {
      level = 'warning';
      verdicts.push(`${percent}: tight, a batch of long examples may abort the worker`);
    } else {
      verdicts.push(`${percent}: ok`);
    }
  }
  const machineNeed = perWorkerBytes * jobs + MAIN_THREAD_BYTES;
  const machine = `with --jobs ${jobs} that is ${gib(machineNeed)} of ${gib(options.totalMemoryBytes)}`;
  if (machineNeed > options.totalMemoryBytes) {
    level = 'warning';
    const fewer = Math.floor((options.totalMemoryBytes - MAIN_THREAD_BYTES) / perWorkerBytes);
    verdicts.push(`${machine}: exceeds the machine's memory${fewer >= 1 && fewer < jobs ? `; try --jobs ${fewer}` : ''}`);
  } else if (machineNeed > TIGHT * options.totalMemoryBytes) {
    level = 'warning';
    verdicts.push(`${machine}: tight`);
  } else {
    verdicts.push(`${machine}: ok`);
  }
  return { level, estimate, perWorkerBytes, line: `${head}; ${verdicts.join('; ')}` };
}
