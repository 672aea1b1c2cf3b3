/**
 * The seed of a sampler created without one: drawn once from the operating system's CSPRNG, so
 * unseeded runs differ (as in Optuna) while everything after that point stays reproducible from it.
 */
import { randomInt } from 'node:crypto';

/** A uniformly random 32-bit seed. */
export function freshSeed(): number {
  return randomInt(0, 2 ** 32 - 1);
}
