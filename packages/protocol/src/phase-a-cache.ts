import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hashConfig, saveBertCheckpoint, saveOptimizerState, type BertModel, type OptimizerState } from '@lrdist/model';
import { z } from 'zod';
import { mlmSchema, scoreSchema } from './score.js';

/** Everything phase A depends on; its hash names the cache folder. */
export interface PhaseAKey {
  readonly modelId: string;
  readonly taskA: string;
  readonly seed: number;
  readonly dataSeed: number;
  readonly lrs: Readonly<Record<string, number>>;
  readonly epochs: number;
  readonly batchSize: number;
  readonly warmupFraction: number;
  readonly schedule: string;
  readonly maxSeqLength: number;
  readonly maxTrain: number | null;
  readonly maxEval: number | null;
  /** SHA-256 of task A's train and dev files, when the preflight read them (DataSpec.tasks). */
  readonly data?: string;
  /** The workers' arithmetic when it is not XNNPACK's (see BenchSetup.numerics). */
  readonly numerics?: string;
  /** Set for the paper's optimiser only (the default AdamW keeps older cache keys valid). */
  readonly optimizer?: 'paper';
}

/** The file of a phase-A folder holding its optimiser state (the `paper` optimiser carries it into B). */
export const PHASE_A_OPTIMIZER_FILE = 'optimizer.safetensors';

const phaseASchema = z.object({
  format: z.literal('lrdist.bench.phase-a'),
  version: z.literal(1),
  key: z.record(z.string(), z.unknown()),
  pA: scoreSchema,
  pAValidation: scoreSchema,
  mlmBeforeA: mlmSchema.optional(),
  mlmAfterA: mlmSchema.optional(),
  seconds: z.number(),
});

/** A finished phase A: its checkpoint folder and figures. */
export type PhaseAEntry = z.infer<typeof phaseASchema> & { readonly dir: string };

/** The cache folder of a key. */
export function phaseADir(cacheDir: string, key: PhaseAKey): string {
  return join(cacheDir, 'phase-a', `${key.taskA}-seed${key.seed}-${hashConfig(key as unknown as Record<string, unknown>)}`);
}

/** The cached phase A for a key, or null (absent or unreadable: it is then simply trained again). */
export async function readPhaseA(cacheDir: string, key: PhaseAKey): Promise<PhaseAEntry | null> {
  const dir = phaseADir(cacheDir, key);
  try {
    const parsed = phaseASchema.safeParse(JSON.parse(await readFile(join(dir, 'phase-a.json'), 'utf8')));
    return parsed.success ? { ...parsed.data, dir } : null;
  } catch {
    return null;
  }
}

/**
 * Saves a trained phase A (weights in float32, so phase B starts from exactly what was measured)
 * into a temporary folder renamed into place: a kill leaves either no entry or a whole one.
 */
export async function writePhaseA(
  cacheDir: string,
  key: PhaseAKey,
  model: BertModel,
  figures: Omit<z.infer<typeof phaseASchema>, 'format' | 'version' | 'key'>,
  optimizerState?: OptimizerState,
): Promise<PhaseAEntry> {
  const dir = phaseADir(cacheDir, key);
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  await mkdir(tmp, { recursive: true });
  await saveBertCheckpoint(model, tmp, { dtype: 'float32' });
  if (optimizerState !== undefined) await saveOptimizerState(join(tmp, PHASE_A_OPTIMIZER_FILE), model, optimizerState);
  const entry = { format: 'lrdist.bench.phase-a' as const, version: 1 as const, key: { ...key }, ...figures };
  await writeFile(join(tmp, 'phase-a.json'), `${JSON.stringify(entry, null, 2)}\n`);
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
  return { ...entry, dir };
}
