import type { Storage } from '../storages/storage.js';
import { isFinished, type FrozenTrial } from '../trial/frozen-trial.js';

/**
 * A study's trials as last read, refreshed incrementally: finished trials never change, so only the
 * trials from the first unfinished one on are read again. Keeps PostgreSQL reads small when a study
 * holds thousands of trials.
 */
export class TrialCache {
  private readonly known: FrozenTrial[] = [];
  /** Trials 0 .. settled-1 are all finished. */
  private settled = 0;

  constructor(
    private readonly storage: Storage,
    private readonly studyName: string,
  ) {}

  /** Every trial numbered up to `maxNumber` (all when omitted), fresh from the storage. */
  async fetch(maxNumber?: number): Promise<FrozenTrial[]> {
    if (maxNumber !== undefined && maxNumber < this.settled) return this.known.slice(0, maxNumber + 1);
    const fresh = await this.storage.getTrials(this.studyName, {
      minNumber: this.settled,
      ...(maxNumber === undefined ? {} : { maxNumber }),
    });
    for (const t of fresh) this.known[t.number] = t;
    if (maxNumber === undefined) this.known.length = this.settled + fresh.length;
    while (this.settled < this.known.length && isFinished((this.known[this.settled] as FrozenTrial).state)) this.settled++;
    const end = maxNumber === undefined ? this.known.length : Math.min(this.known.length, maxNumber + 1);
    return this.known.slice(0, end);
  }
}
