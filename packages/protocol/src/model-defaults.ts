/**
 * Fine-tuning defaults per model preset: the hyperparameters of the baselines (tuned once per model,
 * never per pair, and never on a test split) and the data caps that keep `pnpm bench --task mrpc`
 * under 15 minutes on the 2-core reference machine. EXPERIMENTS.md names the commands that chose them.
 */
export interface ModelDefaults {
  /** The `flat` method's learning rate (and phase A's under `b-only`). */
  readonly flatLr: number;
  /** LLRD decay per layer (lr_l = flatLr * xi^(L-l)). */
  readonly llrdXi: number;
  /** EWC penalty strength. */
  readonly ewcLambda: number;
  /** L2-SP strength toward the weights a task starts from. */
  readonly l2spAlpha: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly maxSeqLength: number;
  /** Cap on training examples per task (stratified, seeded); null = all. */
  readonly maxTrain: number | null;
  /** Cap on validation and test examples per task; null = all. */
  readonly maxEval: number | null;
  readonly warmupFraction: number;
  readonly seeds: readonly number[];
}

/** Defaults of the presets; a checkpoint folder uses its architecture's. */
export const MODEL_DEFAULTS = {
  mini: {
    // `pnpm bench tune --task mrpc --original sst2 --seeds 0` (experiments/mini/tune.md), at a
    // 2,000-example cap; the cap was then cut to 1,600 so that six methods x 3 seeds fit in 15 min.
    flatLr: 1e-3,
    llrdXi: 0.5,
    // For the empirical (per-example) Fisher, tuned on validation over seeds 0-2 at the 1,600 cap:
    // `pnpm bench tune --task mrpc --original sst2 --seeds 0,1,2 --baselines ewc`
    // (experiments/mini/controls/tune-ewc). The batch Fisher's was 10 (`--ewc-fisher batch`).
    ewcLambda: 100,
    // Tuned like EWC's, on validation over seeds 0-2: `pnpm bench tune --task mrpc --original sst2
    // --seeds 0,1,2 --baselines l2sp --alphas ...` over 0.001 ... 1000 (experiments/mini/controls/
    // tune-l2sp and tune-l2sp-wide): p_o + p_s is highest at 100.
    l2spAlpha: 100,
    epochs: 3,
    batchSize: 32,
    maxSeqLength: 128,
    maxTrain: 1600,
    maxEval: 1000,
    warmupFraction: 0.1,
    seeds: [0, 1, 2],
  },
  'bert-base-uncased': {
    // Devlin et al. 2019 and the paper's flat baseline.
    flatLr: 2e-5,
    llrdXi: 0.95,
    ewcLambda: 100,
    // Li, Grandvalet and Davoine's (2018) alpha; not tuned for BERT here.
    l2spAlpha: 0.1,
    epochs: 3,
    batchSize: 32,
    maxSeqLength: 128,
    maxTrain: null,
    maxEval: null,
    warmupFraction: 0.1,
    seeds: [0, 1, 2],
  },
} as const satisfies Record<string, ModelDefaults>;

/** Names of the presets with defaults. */
export type ModelPreset = keyof typeof MODEL_DEFAULTS;
