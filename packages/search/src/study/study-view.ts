import type { StudyView } from '../samplers/sampler.js';
import type { FrozenTrial, StudyDirection, TrialState } from '../trial/frozen-trial.js';

/**
 * A fixed snapshot of trials as samplers and pruners see it. Filtering by state is memoised because
 * samplers ask for `complete` trials on every suggest.
 */
export function createStudyView(studyName: string, directions: readonly StudyDirection[], trials: readonly FrozenTrial[]): StudyView {
  const all = Object.freeze([...trials].sort((a, b) => a.number - b.number));
  const byStates = new Map<string, readonly FrozenTrial[]>();
  return {
    studyName,
    directions,
    getTrials(options?: { states?: readonly TrialState[] }): readonly FrozenTrial[] {
      const states = options?.states;
      if (states === undefined) return all;
      const key = [...states].sort().join(',');
      let hit = byStates.get(key);
      if (hit === undefined) {
        hit = Object.freeze(all.filter((t) => states.includes(t.state)));
        byStates.set(key, hit);
      }
      return hit;
    },
  };
}
