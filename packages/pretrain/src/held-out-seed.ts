/** Seed of the held-out MLM masks: every evaluation (pretraining and benchmark) masks the same positions. */
export const HELD_OUT_MASK_SEED = 20_231_101;
