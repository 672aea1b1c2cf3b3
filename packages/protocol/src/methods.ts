import { bertGroups, flat, layerGroupName, llrd, paperCombined, resample, scale, type LrDistribution } from '@lrdist/combine';
import type { GroupLearningRate } from '@lrdist/model';
import { MethodPlanError } from './errors.js';
import { checkReplaySettings, type ReplaySettings } from './replay-memory.js';

/** The learning-rate methods the benchmark compares (DESIGN.md, "Methods"). */
export const METHOD_NAMES = [
  'flat',
  'flat-matched',
  'llrd',
  'ewc',
  'l2sp',
  'replay',
  'paper-combined',
  'combined',
  'searched',
  'flat-searched',
  'two-group',
] as const;

/**
 * The searched controls (DESIGN.md): one LR for all groups, and one for the encoder and one for the
 * head, each found by `pnpm bench search --space flat|two-group` with the same sampler, budget and
 * objective as the per-group search, combined like it into distributions/<model>-<method>.json.
 */
export const SEARCHED_CONTROLS = ['flat-searched', 'two-group'] as const;

/** A searched control's name. */
export type SearchedControl = (typeof SEARCHED_CONTROLS)[number];

/** EWC's Fisher estimate: squared per-example gradients (the empirical Fisher), or squared batch-mean gradients (lrdist before it). */
export type EwcFisher = 'example' | 'batch';

/** A method name. */
export type MethodName = (typeof METHOD_NAMES)[number];

/** How one method trains task B (and A under the `paper` protocol). */
export interface MethodPlan {
  readonly name: MethodName;
  /** The distribution on this model's groups (`embeddings`, `layer_i`, `head`). */
  readonly distribution: LrDistribution;
  /**
   * What the model trains with, as fineTune's `lr` takes it: `distribution` itself, or its groups
   * and a `pooler` group when the pooler does not stay in `head`.
   */
  readonly lr: { readonly groups: readonly GroupLearningRate[] };
  /**
   * The same rates as a record by group name, in `lr`'s order: the form results.json configs and
   * phase-A cache keys are written in (kept byte for byte, so existing results and caches match).
   */
  readonly lrs: Readonly<Record<string, number>>;
  /** EWC strength, for `ewc` only. */
  readonly ewcLambda?: number;
  /** EWC's Fisher estimate, for `ewc` only (EwcOptions.fisher of @lrdist/model). */
  readonly ewcFisher?: EwcFisher;
  /** L2-SP's strength toward the weights the task starts from, for `l2sp` only. */
  readonly l2spAlpha?: number;
  /** What earlier tasks leave in memory and how much of it each step replays, for `replay` only. */
  readonly replay?: ReplaySettings;
  /** One line on where the rates come from. */
  readonly description: string;
}

/** What {@link planMethods} needs. */
export interface PlanMethodsOptions {
  readonly methods: readonly MethodName[];
  readonly layers: number;
  readonly flatLr: number;
  readonly llrdXi: number;
  readonly ewcLambda: number;
  /** EWC's Fisher estimate. Default `example` (the empirical Fisher). */
  readonly ewcFisher?: EwcFisher;
  /** L2-SP's strength (`l2sp` needs it). */
  readonly l2spAlpha?: number;
  /** Experience replay's memory (`replay` needs it). */
  readonly replay?: ReplaySettings;
  /** lrdist's combined distribution for this model, if one exists. */
  readonly combined: LrDistribution | null;
  /** A distribution searched on this pair (`evaluate --distribution`). */
  readonly searched?: LrDistribution;
  /** The searched controls found for this model. */
  readonly controls?: Partial<Record<SearchedControl, LrDistribution>>;
  /** Where the pooler learns (see PoolerPlacement). Default `head`. */
  readonly pooler?: PoolerPlacement;
}

/**
 * The pooler's learning rate in phase B. It is shared by every task's head, so training it for B
 * changes what A's head reads; the paper's model has none. `head`: the head's LR (what every method
 * did before the option existed); `top`: the top encoder layer's LR, as if it were part of the
 * encoder; `frozen`: 0, A's pooler kept.
 */
export const POOLER_PLACEMENTS = ['head', 'top', 'frozen'] as const;

/** A pooler placement. */
export type PoolerPlacement = (typeof POOLER_PLACEMENTS)[number];

/**
 * Rates as a record by group name, in their order: the form results.json configs, phase-A cache
 * keys and trial records hold (the model itself takes the distribution as it is).
 */
export function lrRecord(lr: { readonly groups: readonly GroupLearningRate[] }): Record<string, number> {
  return Object.fromEntries(lr.groups.map((g) => [g.name, g.lr]));
}

/**
 * Resolves each method to per-group learning rates on a model with `layers` layers. `flat-matched`
 * takes the scale (geometric mean) of the combined distribution in use, lrdist's own when it exists,
 * else the paper's, so that it separates the distribution's shape from its scale.
 */
export function planMethods(options: PlanMethodsOptions): MethodPlan[] {
  const groups = bertGroups(options.layers);
  const paper = resample(paperCombined(), groups);
  const combinedHere = options.combined === null ? null : resample(options.combined, groups);
  return options.methods.map((name): MethodPlan => {
    const plan = (
      distribution: LrDistribution,
      description: string,
      extra: { ewcLambda?: number; ewcFisher?: EwcFisher; l2spAlpha?: number; replay?: ReplaySettings } = {},
    ): MethodPlan => {
      const pooler = options.pooler ?? 'head';
      const lr =
        pooler === 'head'
          ? distribution
          : {
              groups: [
                ...distribution.groups,
                { name: 'pooler', lr: pooler === 'frozen' ? 0 : distribution.lr(layerGroupName(options.layers - 1)) },
              ],
            };
      const lrs = lrRecord(lr);
      return {
        name,
        distribution,
        lr,
        lrs,
        description: pooler === 'head' ? description : `${description}; pooler ${pooler === 'frozen' ? 'frozen' : "at the top layer's LR"}`,
        ...extra,
      };
    };
    switch (name) {
      case 'flat':
        return plan(flat(options.flatLr, groups), `one LR ${options.flatLr} for every group`);
      case 'flat-matched': {
        const reference = combinedHere ?? paper;
        const s = scale(reference);
        return plan(
          flat(s, groups),
          `one LR ${s.toPrecision(3)}: the scale of the ${combinedHere === null ? 'paper' : 'lrdist'} combined distribution`,
        );
      }
      case 'llrd':
        return plan(llrd(options.flatLr, options.llrdXi, options.layers), `layer-wise decay: ${options.flatLr} x ${options.llrdXi}^(L-l)`);
      case 'ewc':
        return plan(
          flat(options.flatLr, groups),
          `flat ${options.flatLr} with EWC, lambda ${options.ewcLambda}${options.ewcFisher === 'batch' ? ', Fisher from squared batch gradients' : ''}`,
          { ewcLambda: options.ewcLambda, ewcFisher: options.ewcFisher ?? 'example' },
        );
      case 'l2sp':
        if (options.l2spAlpha === undefined) {
          throw new MethodPlanError('--methods l2sp needs its strength: pass --l2sp-alpha (or use a model with a tuned default)');
        }
        return plan(
          flat(options.flatLr, groups),
          `flat ${options.flatLr} with L2-SP toward the weights B starts from, alpha ${options.l2spAlpha}`,
          {
            l2spAlpha: options.l2spAlpha,
          },
        );
      case 'replay': {
        const replay = options.replay;
        if (replay === undefined)
          throw new MethodPlanError('--methods replay needs its memory: pass --replay-size (examples kept per task)');
        checkReplaySettings(replay);
        return plan(
          flat(options.flatLr, groups),
          `flat ${options.flatLr} with experience replay: ${replay.size} ${replay.strategy === 'balanced' ? 'class-balanced' : 'reservoir-sampled'} training examples per earlier task, ` +
            `${replay.perStep ?? 'a batch'} of them mixed into each step (needs the earlier tasks' data)`,
          { replay },
        );
      }
      case 'paper-combined':
        return plan(paper, "the paper's combined BERT-base distribution, transferred by depth");
      case 'combined':
        if (combinedHere === null) {
          throw new MethodPlanError(
            '--methods combined needs a combined distribution for this model (distributions/<model>-combined.json); run `pnpm bench combine` first',
          );
        }
        return plan(combinedHere, "lrdist's combined distribution for this model");
      case 'searched':
        if (options.searched === undefined) throw new MethodPlanError('--methods searched needs --distribution FILE');
        return plan(resample(options.searched, groups), 'a distribution searched on this pair');
      case 'flat-searched':
      case 'two-group': {
        const found = options.controls?.[name];
        if (found === undefined) {
          const space = name === 'flat-searched' ? 'flat' : 'two-group';
          throw new MethodPlanError(
            `--methods ${name} needs distributions/<model>-${name}.json: run \`pnpm bench search --space ${space}\` on the searched pairs, then \`pnpm bench combine --studies ... --out distributions/<model>-${name}.json\``,
          );
        }
        const d = resample(found, groups);
        const lrs = d.groups.map((g) => g.lr);
        const head = d.groups.find((g) => g.name === 'head')?.lr ?? Number.NaN;
        return plan(
          d,
          name === 'flat-searched'
            ? `one LR ${scale(d).toExponential(2)} for every group, searched for the sequential objective`
            : `encoder ${lrs[0]!.toExponential(2)}, head ${head.toExponential(2)}, searched for the sequential objective`,
        );
      }
    }
  });
}
