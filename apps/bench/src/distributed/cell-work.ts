import type { SequenceJob, SequenceJobResult } from '../runner/jobs.js';
import type { PairCellOutcome, PairCellWork } from '../runner/pair-cell.js';
import { cellWorkSchema, pairResultSchema, parseRow, sequenceResultSchema } from './schemas.js';

/** A sequence job less what only one machine knows (the model's folder, the data's folders). */
export type PortableSequenceJob = Omit<SequenceJob, 'source' | 'data'>;

/** A stream cell: the whole stream under one (method, seed). */
export interface SequenceCellWork {
  readonly kind: 'sequence';
  readonly job: PortableSequenceJob;
}

/** What a cell of a distributed run asks a machine to do. */
export type CellWork = PairCellWork | SequenceCellWork;

/** What a cell's holder stores when it finishes. */
export type CellOutcome = PairCellOutcome | SequenceJobResult;

/** A stored cell's work, validated (the fields the queue and the executor read; see schemas.ts). */
export function parseCellWork(value: unknown, what: string): CellWork {
  // The schema checks the fields read here; the rest of the job is passed on to the worker thread as
  // the coordinator wrote it, typed by jobs.ts.
  return parseRow(cellWorkSchema, value, what) as unknown as CellWork;
}

/** A stored pair cell's result, validated. */
export function parsePairOutcome(value: unknown, what: string): PairCellOutcome {
  return parseRow(pairResultSchema, value, what);
}

/** A stored stream cell's result, validated. */
export function parseSequenceOutcome(value: unknown, what: string): SequenceJobResult {
  return parseRow(sequenceResultSchema, value, what);
}
