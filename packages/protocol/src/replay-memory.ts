import type { ReplayExample, Rng } from '@lrdist/model';
import { MethodPlanError } from './errors.js';
import type { PreparedTask } from './prepare-task.js';

/**
 * How a learnt task's examples are kept: `balanced` takes the same number from each class (as far as
 * each class has them; regression tasks fall back to `reservoir`), `reservoir` keeps a uniform sample
 * as a learner that sees the training set once, in order, would (Vitter's algorithm R).
 */
export const REPLAY_STRATEGIES = ['balanced', 'reservoir'] as const;

/** A memory selection strategy. */
export type ReplayStrategy = (typeof REPLAY_STRATEGIES)[number];

/** Experience replay's settings: what each learnt task leaves in memory, and how much of it each step replays. */
export interface ReplaySettings {
  /** Examples kept per learnt task. */
  readonly size: number;
  readonly strategy: ReplayStrategy;
  /** Examples replayed per step. Default: the batch size. */
  readonly perStep?: number;
}

/** Checks replay settings, naming the field. */
export function checkReplaySettings(settings: ReplaySettings): void {
  if (!Number.isInteger(settings.size) || settings.size <= 0) {
    throw new MethodPlanError(`replay's memory size must be a positive integer (examples per task), got ${settings.size}`);
  }
  if (!REPLAY_STRATEGIES.includes(settings.strategy)) {
    throw new MethodPlanError(`replay's strategy must be one of ${REPLAY_STRATEGIES.join(', ')}, got '${settings.strategy}'`);
  }
  if (settings.perStep !== undefined && !(Number.isInteger(settings.perStep) && settings.perStep > 0)) {
    throw new MethodPlanError(`replay's examples per step must be a positive integer, got ${settings.perStep}`);
  }
}

/** Uniform sample of `k` of `indices` without replacement (a partial Fisher-Yates shuffle), in their original order. */
function sample(indices: readonly number[], k: number, rng: Rng): number[] {
  const pool = [...indices];
  for (let i = 0; i < k; i++) {
    const j = i + rng.nextInt(pool.length - i);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, k).sort((a, b) => a - b);
}

/** Vitter's algorithm R over the training order: each example ends in the reservoir with probability k / n. */
function reservoir(n: number, k: number, rng: Rng): number[] {
  const kept = Array.from({ length: Math.min(k, n) }, (_, i) => i);
  for (let i = k; i < n; i++) {
    const j = rng.nextInt(i + 1);
    if (j < k) kept[j] = i;
  }
  return kept.sort((a, b) => a - b);
}

/**
 * What a task leaves in the replay memory once it is learnt: `settings.size` of its training
 * examples (all of them when it has fewer), labelled with its head, in training order.
 */
export function replayMemory(task: PreparedTask, settings: ReplaySettings, rng: Rng): ReplayExample[] {
  checkReplaySettings(settings);
  const n = task.train.length;
  const size = Math.min(settings.size, n);
  let chosen: number[];
  if (settings.strategy === 'reservoir' || task.head.kind === 'regression') {
    chosen = reservoir(n, size, rng);
  } else {
    const byClass = new Map<number, number[]>();
    task.train.forEach((e, i) => {
      const list = byClass.get(e.label!);
      if (list === undefined) byClass.set(e.label!, [i]);
      else list.push(i);
    });
    const classes = [...byClass.keys()].sort((a, b) => a - b);
    // Water-filling: every class gets an equal share; what a small class cannot fill goes to the others.
    const quota = new Map(classes.map((c) => [c, 0]));
    let left = size;
    while (left > 0) {
      const open = classes.filter((c) => quota.get(c)! < byClass.get(c)!.length);
      const share = Math.max(1, Math.floor(left / open.length));
      for (const c of open) {
        if (left === 0) break;
        const add = Math.min(share, byClass.get(c)!.length - quota.get(c)!, left);
        quota.set(c, quota.get(c)! + add);
        left -= add;
      }
    }
    chosen = classes.flatMap((c) => sample(byClass.get(c)!, quota.get(c)!, rng)).sort((a, b) => a - b);
  }
  return chosen.map((i) => ({ ...task.train[i]!, head: task.head.name }));
}
