import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { describeValue, fieldPath, valueAt } from '@lrdist/core';
import { DistributionFileError, InvalidDistributionError } from '../errors.js';
import type { Provenance } from '../distribution/lr-distribution.js';
import { LrDistribution } from '../distribution/lr-distribution.js';
import type { DistributionFile } from './schemas.js';
import { DISTRIBUTION_FORMAT, DISTRIBUTION_VERSION, distributionFileSchema } from './schemas.js';

/** Options of `toDistributionJson`, `serializeDistribution` and `writeDistributionFile`. */
export interface SerializeOptions {
  /** Clock for `provenance.createdAt` when the distribution has none; default `() => new Date()`. */
  readonly now?: () => Date;
}

function issueError(issue: z.core.$ZodIssue, input: unknown, file: string): DistributionFileError {
  if (issue.code === 'unrecognized_keys') {
    const field = fieldPath([...issue.path, issue.keys[0] ?? '']);
    return new DistributionFileError(file, field, `\`${field}\` must not be present (unknown field), in ${file}`);
  }
  const field = fieldPath(issue.path);
  const value = valueAt(input, issue.path);
  const rule = value === undefined && issue.path.length > 0 ? 'must be present' : issue.message;
  const shown = field.length === 0 ? 'the file' : `\`${field}\``;
  return new DistributionFileError(file, field, `${shown} ${rule}, got ${describeValue(value)}, in ${file}`);
}

/** The stored form of `d` (format version 1). */
export function toDistributionJson(d: LrDistribution, options: SerializeOptions = {}): DistributionFile {
  const p = d.provenance;
  const provenance: DistributionFile['provenance'] = {
    model: p.model,
    pairs: [...p.pairs],
    studies: [...p.studies],
    trials: p.trials,
    method: p.method,
    createdAt: p.createdAt ?? (options.now ?? (() => new Date()))().toISOString(),
  };
  if (p.notes !== undefined) provenance.notes = p.notes;
  return {
    format: DISTRIBUTION_FORMAT,
    version: DISTRIBUTION_VERSION,
    groups: d.groups.map((g) => {
      const group: DistributionFile['groups'][number] = { name: g.name, depth: g.depth, lr: g.lr };
      if (g.layers !== undefined) group.layers = { first: g.layers.first, last: g.layers.last };
      if (g.band !== undefined) group.band = { gsd: g.band.gsd };
      return group;
    }),
    provenance,
  };
}

/** `d` as the text of a distribution file (pretty JSON; numbers round-trip exactly). */
export function serializeDistribution(d: LrDistribution, options: SerializeOptions = {}): string {
  return `${JSON.stringify(toDistributionJson(d, options), null, 2)}\n`;
}

/** Builds a distribution from an already parsed file object; `source` names it in errors. */
export function fromDistributionJson(input: unknown, source = '<object>'): LrDistribution {
  // Check the envelope first so a newer file says "version" rather than some field it renamed.
  if (input !== null && typeof input === 'object' && !Array.isArray(input)) {
    const { format, version } = input as { format?: unknown; version?: unknown };
    if (format !== DISTRIBUTION_FORMAT) {
      throw new DistributionFileError(
        source,
        'format',
        `\`format\` must be '${DISTRIBUTION_FORMAT}', got ${describeValue(format)}, in ${source}`,
      );
    }
    if (version !== DISTRIBUTION_VERSION) {
      throw new DistributionFileError(
        source,
        'version',
        `\`version\` must be ${DISTRIBUTION_VERSION} (the version this build of @lrdist/combine reads), got ${describeValue(version)}, in ${source}`,
      );
    }
  }
  const parsed = distributionFileSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue === undefined)
      throw new DistributionFileError(source, '', `the file is not a distribution, in ${source}`, { cause: parsed.error });
    const error = issueError(issue, input, source);
    throw new DistributionFileError(error.file, error.field, error.message, { cause: parsed.error });
  }
  const file = parsed.data;
  const provenance: Partial<Provenance> = { ...file.provenance };
  try {
    return new LrDistribution(file.groups, { provenance });
  } catch (error) {
    if (error instanceof InvalidDistributionError) {
      throw new DistributionFileError(source, error.field, `${error.message}, in ${source}`, { cause: error });
    }
    throw error;
  }
}

/** Parses the text of a distribution file; `source` (a path) names it in errors. */
export function parseDistribution(text: string, source = '<string>'): LrDistribution {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    throw new DistributionFileError(source, '', `the file must be JSON, got a parse error (${(error as Error).message}), in ${source}`, {
      cause: error,
    });
  }
  return fromDistributionJson(input, source);
}

/** Reads and validates a distribution file. */
export async function readDistributionFile(path: string): Promise<LrDistribution> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new DistributionFileError(
      path,
      '',
      `the file must be readable, got ${(error as NodeJS.ErrnoException).code ?? 'an error'}, in ${path}`,
      {
        cause: error,
      },
    );
  }
  return parseDistribution(text, path);
}

/** Writes `d` to `path` atomically (a temporary file renamed over it). */
export async function writeDistributionFile(path: string, d: LrDistribution, options: SerializeOptions = {}): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temporary, serializeDistribution(d, options), 'utf8');
    await rename(temporary, path);
  } catch (error) {
    throw new DistributionFileError(
      path,
      '',
      `the file must be writable, got ${(error as NodeJS.ErrnoException).code ?? 'an error'}, in ${path}`,
      {
        cause: error,
      },
    );
  }
}
