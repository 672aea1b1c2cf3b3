import type { ProgressDisplay } from '../progress/progress-display.js';

/** What every command gets from the CLI shell. */
export interface CommandContext {
  /** Directory relative paths resolve against (the repository root under `pnpm bench`). */
  readonly cwd: string;
  readonly stdout: NodeJS.WritableStream;
  readonly display: ProgressDisplay;
  /** The command as typed, for reports. */
  readonly commandLine: string;
  /** `$LRDIST_BACKEND`, passed on to worker threads. */
  readonly backend: string | undefined;
  /** Aborted on the first Ctrl-C. */
  readonly signal: AbortSignal;
}
