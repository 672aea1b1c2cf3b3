// The optimiser's moments as a safetensors file (`m.<name>`, `v.<name>`; the step, and the moment
// steps where moments were carried in, as metadata): what a training checkpoint holds, and what a
// later phase reads to continue an earlier phase's moments (fineTune's `carryOptimizerFrom`).
import { readFile } from 'node:fs/promises';
import type { BertModel } from '../bert/bert-model.js';
import { CheckpointIoError, TrainingStateError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { encodeSafetensors, readSafetensors, type SafetensorsInput } from '../io/safetensors.js';
import type { OptimizerState } from './optimizer.js';

/** Encodes an optimiser state (moments shaped as the model's variables). */
export function encodeOptimizerState(model: BertModel, state: OptimizerState): Uint8Array {
  const tensors = new Map<string, SafetensorsInput>();
  for (const [n, { m, v }] of state.moments) {
    const shape = [...model.variable(n).shape];
    tensors.set(`m.${n}`, { shape, data: m });
    tensors.set(`v.${n}`, { shape, data: v });
  }
  const metadata: Record<string, string> = { step: String(state.step) };
  if (state.momentSteps !== undefined) metadata['moment_steps'] = JSON.stringify(Object.fromEntries(state.momentSteps));
  return encodeSafetensors(tensors, metadata);
}

/**
 * Decodes an optimiser state; `names` (default: every `m.*` tensor) are the variables it must hold.
 * A malformed file is a TrainingStateError naming it.
 */
export function decodeOptimizerState(bytes: Uint8Array, file: string, names?: readonly string[]): OptimizerState {
  const st = readSafetensors(bytes, file);
  const step = Number(st.header.metadata['step'] ?? '0');
  if (!Number.isInteger(step) || step < 0) throw new TrainingStateError(`\`step\` metadata must be a non-negative integer (${file})`);
  const wanted = names ?? [...st.header.entries.keys()].filter((k) => k.startsWith('m.')).map((k) => k.slice(2));
  const moments = new Map<string, { m: Float32Array; v: Float32Array }>();
  for (const name of wanted) {
    if (!st.header.entries.has(`m.${name}`) || !st.header.entries.has(`v.${name}`)) {
      throw new TrainingStateError(`optimiser state must hold moments of \`${name}\` (${file})`);
    }
    moments.set(name, { m: st.floats(`m.${name}`), v: st.floats(`v.${name}`) });
  }
  const raw = st.header.metadata['moment_steps'];
  if (raw === undefined) return { step, moments };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (cause) {
    throw new TrainingStateError(`\`moment_steps\` metadata must be JSON (${file})`, { cause });
  }
  if (typeof parsed !== 'object' || parsed === null || Object.values(parsed).some((x) => !Number.isInteger(x) || (x as number) < 0)) {
    throw new TrainingStateError(`\`moment_steps\` metadata must map variable names to non-negative integers (${file})`);
  }
  return { step, moments, momentSteps: new Map(Object.entries(parsed as Record<string, number>)) };
}

/** Writes an optimiser state to `file` (atomically). */
export async function saveOptimizerState(file: string, model: BertModel, state: OptimizerState): Promise<void> {
  await writeFileAtomic(file, encodeOptimizerState(model, state));
}

/** Reads an optimiser state written by saveOptimizerState. */
export async function loadOptimizerState(file: string): Promise<OptimizerState> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    throw new CheckpointIoError(`cannot read ${file}: ${(cause as Error).message}`, { cause });
  }
  return decodeOptimizerState(bytes, file);
}
