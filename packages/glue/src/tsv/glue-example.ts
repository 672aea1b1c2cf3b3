/** One GLUE example as the rest of lrdist consumes it. */
export interface GlueExample {
  /** 1-based line number in the source file: the example's id, and where errors point. */
  readonly line: number;
  /** The (first) text. */
  readonly text: string;
  /** The second text of a pair task; absent for single-sentence tasks. */
  readonly textPair?: string;
  /** Class index (classification, see the task's `labels.values`) or the score (STS-B). */
  readonly label: number;
}

/** Rows left out under `onMalformedRow: 'skip'`: always reported, never silent. */
export interface SkippedRows {
  /** How many rows were skipped. */
  readonly count: number;
  /** The first few reasons (MalformedRowError messages), in file order. */
  readonly reasons: readonly string[];
}

/** What to do with a row that does not fit the layout: throw (`'error'`) or skip and count it. */
export type MalformedRowPolicy = 'error' | 'skip';
