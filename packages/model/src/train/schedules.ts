// Learning-rate schedules as Hugging Face's get_constant_schedule, get_linear_schedule_with_warmup
// and get_cosine_schedule_with_warmup: update k (0-based, the number of updates done before it)
// uses base_lr * factor(k); with warm-up the very first update has factor 0, as in transformers.
import { InvalidOptionsError } from '../errors.js';

/** A schedule of the learning-rate multiplier. */
export type LrSchedule =
  | { readonly kind: 'constant' }
  | { readonly kind: 'linear'; readonly warmupSteps: number; readonly totalSteps: number }
  | { readonly kind: 'cosine'; readonly warmupSteps: number; readonly totalSteps: number; readonly cycles?: number };

/** Checks a schedule's numbers. */
export function validateSchedule(schedule: LrSchedule): LrSchedule {
  if (schedule.kind === 'constant') return schedule;
  if (schedule.kind !== 'linear' && schedule.kind !== 'cosine') {
    throw new InvalidOptionsError(
      `schedule \`kind\` must be constant, linear or cosine, got ${String((schedule as { kind: unknown }).kind)}`,
    );
  }
  const { warmupSteps, totalSteps } = schedule;
  if (!Number.isInteger(totalSteps) || totalSteps <= 0) {
    throw new InvalidOptionsError(`schedule \`totalSteps\` must be a positive integer, got ${totalSteps}`);
  }
  if (!Number.isInteger(warmupSteps) || warmupSteps < 0 || warmupSteps > totalSteps) {
    throw new InvalidOptionsError(`schedule \`warmupSteps\` must be an integer in [0, ${totalSteps}], got ${warmupSteps}`);
  }
  if (schedule.kind === 'cosine' && schedule.cycles !== undefined && !(schedule.cycles > 0)) {
    throw new InvalidOptionsError(`schedule \`cycles\` must be positive, got ${schedule.cycles}`);
  }
  return schedule;
}

/** The multiplier of the learning rate for update `step` (0-based). */
export function lrFactor(schedule: LrSchedule, step: number): number {
  if (schedule.kind === 'constant') return 1;
  const { warmupSteps, totalSteps } = schedule;
  if (step < warmupSteps) return step / Math.max(1, warmupSteps);
  const progress = (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
  if (schedule.kind === 'linear') return Math.max(0, (totalSteps - step) / Math.max(1, totalSteps - warmupSteps));
  const cycles = schedule.cycles ?? 0.5;
  return Math.max(0, 0.5 * (1 + Math.cos(Math.PI * cycles * 2 * progress)));
}
