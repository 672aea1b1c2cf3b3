import type { DropoutSampler } from './dropout.js';

/** How a forward pass runs: whether gradients will be taken and where dropout masks come from. */
export interface ForwardContext {
  /** Record custom-gradient ops (true inside a gradient computation). */
  readonly grad: boolean;
  /** Dropout mask source; null turns dropout off (evaluation, parity checks). */
  readonly dropout: DropoutSampler | null;
}

/** Evaluation: no gradients, no dropout. */
export const INFERENCE: ForwardContext = { grad: false, dropout: null };
