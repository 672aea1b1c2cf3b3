/** One objective value or one per objective, as an objective returns them. */
export type ObjectiveValues = number | readonly number[];

/** The values as an array (a single number becomes a one-element array). */
export function toValueArray(values: ObjectiveValues): readonly number[] {
  return typeof values === 'number' ? [values] : values;
}

/**
 * Why `values` cannot complete a trial of a study with `count` objectives, or null if they can:
 * exactly `count` finite numbers.
 */
export function validateObjectiveValues(values: unknown, count: number): string | null {
  if (!Array.isArray(values)) {
    return `the objective must return ${count === 1 ? 'a number' : `${count} numbers`}, got ${describe(values)}`;
  }
  if (values.length !== count) {
    return `the objective must return ${count} value(s) (one per direction), got ${values.length}: ${describe(values)}`;
  }
  for (let i = 0; i < values.length; i++) {
    const v: unknown = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      return `\`values[${i}]\` must be a finite number, got ${describe(v)}`;
    }
  }
  return null;
}

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}]`;
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
