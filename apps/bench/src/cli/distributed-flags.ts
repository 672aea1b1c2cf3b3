import { ArgsError } from '../errors.js';
import type { FlagSpec } from './flags.js';

/** Default of `--heartbeat-timeout`, in seconds. */
export const DEFAULT_HEARTBEAT_TIMEOUT_S = 60;

/** `--storage` values a distributed run accepts. */
const POSTGRES_URL = /^postgres(ql)?:\/\//;

/** Flags that spread the cells of `run`, `evaluate` and `sequence` over machines through PostgreSQL. */
export const DISTRIBUTED_FLAGS = [
  {
    name: 'storage',
    kind: 'string',
    help: "PostgreSQL holding the run's cells, so that `pnpm bench worker --run NAME` on other machines takes some (needs --run-name)",
    example: 'postgresql://bench@db-host/lrdist',
    defaultText: 'none: every cell runs here',
  },
  {
    name: 'run-name',
    kind: 'string',
    safeName: true,
    help: 'the name workers join the run by; the same command again reconnects to it and continues',
    example: 'rte-mini',
  },
  {
    name: 'heartbeat-timeout',
    kind: 'number',
    min: 1,
    default: DEFAULT_HEARTBEAT_TIMEOUT_S,
    help: "seconds without a holder's heartbeat before its cell is put back for others (stored with the run; workers follow it)",
    example: '60',
  },
] as const satisfies readonly FlagSpec[];

/** A distributed run as the flags name it. */
export interface DistributedFlags {
  readonly storage?: string;
  readonly 'run-name'?: string;
  readonly 'heartbeat-timeout': number;
}

/** The run the flags name, or null for a one-machine run; an ArgsError when only half of it is given or the storage is not PostgreSQL. */
export function distributedTargetOf(
  flags: DistributedFlags,
): { readonly storage: string; readonly name: string; readonly heartbeatTimeoutS: number } | null {
  const { storage, 'run-name': name } = flags;
  if (storage === undefined && name === undefined) return null;
  if (storage === undefined)
    throw new ArgsError(`--run-name needs --storage: the PostgreSQL the run lives in (e.g. --storage postgresql://bench@db-host/lrdist)`);
  if (name === undefined) throw new ArgsError(`--storage needs --run-name: the name workers join the run by (e.g. --run-name rte-mini)`);
  if (!POSTGRES_URL.test(storage)) {
    throw new ArgsError(
      `--storage must be a PostgreSQL URL (postgresql://USER@HOST/DB), got '${storage}': cells are shared through PostgreSQL only`,
    );
  }
  return { storage, name, heartbeatTimeoutS: flags['heartbeat-timeout'] };
}
