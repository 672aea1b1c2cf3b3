import { InvalidOptionError, describeValue } from '../errors.js';
import { geometricMean } from '../math/log-stats.js';
import { LrDistribution, toInputs } from './lr-distribution.js';

/** The scale of a distribution: the geometric mean of its learning rates (each group counts once). */
export function scale(d: LrDistribution): number {
  return geometricMean(d.lrs);
}

/**
 * The shape of a distribution: its log profile minus its mean, as multipliers (a distribution whose
 * scale is 1). `d` equals `withScale(shape(d), scale(d))` up to rounding.
 */
export function shape(d: LrDistribution): LrDistribution {
  return withScale(d, 1);
}

/** `d` moved to scale `s` (every LR multiplied by s / scale(d)); bands keep their geometric SD. */
export function withScale(d: LrDistribution, s: number): LrDistribution {
  if (typeof s !== 'number' || !Number.isFinite(s) || s <= 0) {
    throw new InvalidOptionError('scale', `\`scale\` must be a positive finite number, got ${describeValue(s)}`);
  }
  const factor = s / scale(d);
  return new LrDistribution(
    toInputs(d).map((g) => ({ ...g, lr: g.lr * factor })),
    { provenance: { ...d.provenance, notes: appendNote(d.provenance.notes, `rescaled to scale ${s}`) } },
  );
}

function appendNote(notes: string | undefined, note: string): string {
  return notes === undefined || notes.length === 0 ? note : `${notes}; ${note}`;
}
