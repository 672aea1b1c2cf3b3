import type { CategoricalChoice, ParamDistribution, ParamValue } from '../distributions/distributions.js';
import { paretoFrontIndices } from '../math/pareto.js';
import type { Storage } from '../storages/storage.js';
import type { FrozenTrial, JsonValue, StudyDirection, TrialState } from '../trial/frozen-trial.js';
import type { ImportanceCache, DashboardImportance } from './dashboard-importance.js';

/** A study in the dashboard's list (`GET /api/studies`). */
export interface DashboardStudySummary {
  readonly name: string;
  readonly directions: readonly StudyDirection[];
  readonly createdAt: number;
  readonly counts: Readonly<Record<TrialState, number>>;
  /** One objective: the best value; several: null (see `frontSize`). */
  readonly bestValue: number | null;
  /** Several objectives: how many complete trials are on the Pareto front; one: null. */
  readonly frontSize: number | null;
}

/** `GET /api/studies`. */
export interface DashboardStudyList {
  /** The storage, as `Storage.description` names it. */
  readonly storage: string;
  readonly studies: readonly DashboardStudySummary[];
}

/** A parameter column: its name and a distribution wide enough for every trial's value. */
export interface DashboardParam {
  readonly name: string;
  readonly distribution: ParamDistribution;
}

/** One trial as the page reads it. Non-finite reports are sent as the strings `NaN`, `Infinity`, `-Infinity`. */
export interface DashboardTrial {
  readonly number: number;
  readonly state: TrialState;
  readonly values: readonly number[] | null;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly intermediate: readonly { readonly step: number; readonly values: readonly number[] }[];
  readonly userAttrs: Readonly<Record<string, JsonValue>>;
  readonly startedAt: number | null;
  readonly completedAt: number | null;
  /** completedAt - startedAt, or null while unfinished. */
  readonly durationMs: number | null;
  readonly failReason: string | null;
}

/** `GET /api/studies/<name>`: everything the study view draws. */
export interface DashboardStudy {
  readonly name: string;
  readonly directions: readonly StudyDirection[];
  readonly createdAt: number;
  readonly userAttrs: Readonly<Record<string, JsonValue>>;
  readonly counts: Readonly<Record<TrialState, number>>;
  readonly params: readonly DashboardParam[];
  readonly trials: readonly DashboardTrial[];
  /** One objective: the best trial's number (or none); several: the numbers of the Pareto front. */
  readonly best: readonly number[];
  readonly importance: DashboardImportance;
}

/** The study list with each study's best value or front size. */
export async function buildStudyList(storage: Storage): Promise<DashboardStudyList> {
  const summaries = await storage.listStudies();
  const studies = await Promise.all(
    summaries.map(async (s): Promise<DashboardStudySummary> => {
      const complete = s.trialCounts.complete === 0 ? [] : await storage.getTrials(s.studyName, { states: ['complete'] });
      const best = bestNumbers(complete, s.directions);
      const single = s.directions.length === 1;
      const bestTrial = single ? complete.find((t) => t.number === best[0]) : undefined;
      return {
        name: s.studyName,
        directions: s.directions,
        createdAt: s.createdAt,
        counts: s.trialCounts,
        bestValue: bestTrial?.values?.[0] ?? null,
        frontSize: single ? null : best.length,
      };
    }),
  );
  return { storage: storage.description, studies };
}

/** One study with its trials, parameter columns, best trials and parameter importance. */
export async function buildStudy(storage: Storage, name: string, importance: ImportanceCache): Promise<DashboardStudy> {
  const study = await storage.getStudy(name);
  const trials = await storage.getTrials(name);
  const counts: Record<TrialState, number> = { waiting: 0, running: 0, complete: 0, pruned: 0, failed: 0 };
  for (const t of trials) counts[t.state]++;
  const complete = trials.filter((t) => t.state === 'complete');
  return {
    name: study.studyName,
    directions: study.directions,
    createdAt: study.createdAt,
    userAttrs: study.userAttrs,
    counts,
    params: paramColumns(trials),
    trials: trials.map(toDashboardTrial),
    best: bestNumbers(complete, study.directions),
    // A study deleted and created again under the same name is another study.
    importance: importance.get(`${name}\u0000${study.createdAt}`, complete, study.directions),
  };
}

function toDashboardTrial(t: FrozenTrial): DashboardTrial {
  return {
    number: t.number,
    state: t.state,
    values: t.values,
    params: t.params,
    intermediate: t.intermediateValues,
    userAttrs: t.userAttrs,
    startedAt: t.startedAt,
    completedAt: t.completedAt,
    durationMs: t.startedAt !== null && t.completedAt !== null ? t.completedAt - t.startedAt : null,
    failReason: t.failReason,
  };
}

/** Best trial (one objective) or Pareto front (several) among complete trials, as trial numbers. */
function bestNumbers(complete: readonly FrozenTrial[], directions: readonly StudyDirection[]): number[] {
  if (complete.length === 0) return [];
  const points = complete.map((t) => t.values ?? []);
  if (directions.length > 1) return paretoFrontIndices(points, directions).map((i) => (complete[i] as FrozenTrial).number);
  const sign = directions[0] === 'maximize' ? -1 : 1;
  let best = complete[0] as FrozenTrial;
  for (const t of complete) if (sign * (t.values?.[0] ?? 0) < sign * (best.values?.[0] ?? 0)) best = t;
  return [best.number];
}

/**
 * Parameter columns in order of first appearance. Each takes the latest trial's distribution,
 * widened to cover every value seen, so that a study whose ranges changed still plots every trial.
 */
export function paramColumns(trials: readonly FrozenTrial[]): DashboardParam[] {
  const columns = new Map<string, ParamDistribution>();
  for (const t of trials) {
    for (const [name, d] of Object.entries(t.distributions)) columns.set(name, merge(columns.get(name), d));
  }
  return [...columns].map(([name, distribution]) => ({ name, distribution }));
}

function merge(old: ParamDistribution | undefined, d: ParamDistribution): ParamDistribution {
  if (old === undefined || old.kind !== d.kind) return d;
  if (d.kind === 'categorical') {
    const choices: CategoricalChoice[] = [...(old as typeof d).choices];
    for (const c of d.choices) if (!choices.includes(c)) choices.push(c);
    return { kind: 'categorical', choices };
  }
  const o = old as typeof d;
  return { ...d, low: Math.min(o.low, d.low), high: Math.max(o.high, d.high), log: o.log && d.log } as ParamDistribution;
}
