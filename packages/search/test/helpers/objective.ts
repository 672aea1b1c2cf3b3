import type { Trial } from '../../src/trial/trial.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The objective of the multi-worker tests: its value depends only on the params, its duration is
 * random (so workers finish in a different order every run), and it fails on purpose by trial
 * number: throws for n % 23 == 5, returns NaN for n % 23 == 11, the wrong count for n % 23 == 17.
 */
export async function workerObjective(trial: Trial): Promise<number | number[]> {
  const x = trial.suggestFloat('x', -5, 5);
  const y = trial.suggestFloat('y', -5, 5);
  await sleep(Math.random() * 8);
  if (trial.number % 23 === 5) throw new Error(`objective failed on purpose (trial ${trial.number})`);
  if (trial.number % 23 === 11) return Number.NaN;
  if (trial.number % 23 === 17) return [x, y];
  return (x - 1) ** 2 + (y + 2) ** 2;
}
