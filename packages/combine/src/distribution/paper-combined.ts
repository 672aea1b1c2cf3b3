import { bertSpanGroups } from '../groups/bert-groups.js';
import { LrDistribution } from './lr-distribution.js';

/**
 * The paper's BERT-base layer spans: emb, L0-1, L2, L3-4, L5, L6-7, L8, L9-10, L11, head (its code's
 * 10-group partition; `paperSpans(12, 10)` derives the same).
 */
export const PAPER_SPANS: readonly (readonly [number, number])[] = Object.freeze([
  [0, 1],
  [2, 2],
  [3, 4],
  [5, 5],
  [6, 7],
  [8, 8],
  [9, 10],
  [11, 11],
] as const);

/** The published combined learning rates, one per group of `PAPER_SPANS` framed by emb and head. */
export const PAPER_COMBINED_LRS: readonly number[] = Object.freeze([
  3.3e-6, 4.4e-6, 9.2e-7, 1.9e-6, 2.9e-6, 2.1e-6, 3.3e-6, 3.7e-6, 3.2e-6, 1.1e-5,
]);

/** The paper's rounded form of the combined distribution: these multipliers times `PAPER_ROUNDED_BASE`. */
export const PAPER_ROUNDED_FACTORS: readonly number[] = Object.freeze([1, 1, 0.3, 0.7, 1, 1, 1, 1, 1, 3]);

/** Base rate of the paper's rounded form (the flat BERT fine-tuning rate). */
export const PAPER_ROUNDED_BASE = 2e-5;

const CITATION =
  'Kenneweg, Schulz, Schroeder, Hammer: Intelligent Learning Rate Distribution to Reduce Catastrophic ' +
  'Forgetting in Transformers, IDEAL 2022, LNCS 13756, pp. 252-261';

function paperDistribution(lrs: readonly number[], method: string, notes: string): LrDistribution {
  const groups = bertSpanGroups(12, PAPER_SPANS);
  return new LrDistribution(
    groups.map((g, i) => ({ ...g, lr: lrs[i] as number })),
    {
      provenance: {
        model: 'bert-base-uncased',
        method,
        // The paper gives the combination, not its per-pair studies or trial counts.
        pairs: [],
        studies: [],
        trials: 0,
        createdAt: '2022-11-24T00:00:00.000Z',
        notes: `${notes}. ${CITATION}`,
      },
    },
  );
}

/**
 * The paper's published combined distribution for BERT-base (10 groups; a group spanning two layers
 * sits at their mean depth).
 */
export function paperCombined(): LrDistribution {
  return paperDistribution(PAPER_COMBINED_LRS, 'published', 'Combined distribution as published');
}

/** The paper's rounded form: [1, 1, 0.3, 0.7, 1, 1, 1, 1, 1, 3] x 2e-5 on the same groups. */
export function paperCombinedRounded(): LrDistribution {
  return paperDistribution(
    PAPER_ROUNDED_FACTORS.map((f) => f * PAPER_ROUNDED_BASE),
    'published-rounded',
    'Rounded combined distribution as published (factors x 2e-5)',
  );
}
