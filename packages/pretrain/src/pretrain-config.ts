import { z } from 'zod';

/**
 * Everything that determines the pretrained weights. Defaults were chosen by measurement on the
 * 2-core reference machine (see models/mini-wordnet/PRETRAINING.md): one MLM step on a worker's
 * 32 x 128 tokens takes ~1.8 s on wasm, so 1,600 steps of 64 sequences fit in ~55 minutes on two
 * workers (~8 passes over the 1.7M-token corpus).
 */
export const pretrainConfigSchema = z.object({
  /** Architecture preset or inline config name. */
  model: z.literal('mini'),
  seed: z.number().int().nonnegative(),
  steps: z.number().int().positive(),
  /** Sequences per optimiser step, over all workers. */
  batchSize: z.number().int().positive(),
  /** Packed sequence length, special tokens included. */
  seqLength: z.number().int().min(8).max(512),
  lr: z.number().positive(),
  /** Share of the steps spent warming up linearly; then linear decay to 0. */
  warmupFraction: z.number().min(0).max(1),
  weightDecay: z.number().min(0),
  clipNorm: z.number().positive(),
  /** Dropout during pretraining (off: with so few steps it only slows learning, as in Cramming). */
  dropout: z.boolean(),
  workers: z.number().int().min(1).max(64),
  heldOutFraction: z.number().min(0).max(0.5),
  /** Held-out evaluation every this many steps. */
  evalEvery: z.number().int().positive(),
  /** Checkpoint (for resume) every this many steps. */
  checkpointEvery: z.number().int().positive(),
});

/** A validated pretraining configuration. */
export type PretrainConfig = z.infer<typeof pretrainConfigSchema>;

/** The configuration behind the committed `models/mini-wordnet` checkpoint. */
export const DEFAULT_PRETRAIN_CONFIG: PretrainConfig = {
  model: 'mini',
  seed: 0,
  steps: 1600,
  batchSize: 64,
  seqLength: 128,
  lr: 1e-3,
  warmupFraction: 0.06,
  weightDecay: 0.01,
  clipNorm: 1,
  dropout: false,
  workers: 2,
  heldOutFraction: 0.02,
  evalEvery: 200,
  checkpointEvery: 100,
};
