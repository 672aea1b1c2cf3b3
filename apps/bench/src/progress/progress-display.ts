import { formatBar, formatDuration } from './format.js';

/** One unit of work in flight, e.g. a (method, seed) cell on a worker. */
export interface ProgressTask {
  /** Phase or kind, e.g. `A: sst2`, `B: mrpc`, `pretrain`. */
  phase: string;
  /** Method and seed, or other detail. */
  label: string;
  step: number;
  totalSteps: number;
  loss?: number;
  etaSeconds?: number;
}

/** Options of {@link ProgressDisplay}. */
export interface ProgressDisplayOptions {
  /** Where to draw. Default process.stderr. */
  stream?: NodeJS.WriteStream;
  /** Draw at all. Default: when the stream is a TTY. */
  enabled?: boolean;
  /** Redraw at most this often, in ms. Default 200. */
  intervalMs?: number;
  now?: () => number;
}

/**
 * A live block at the bottom of the terminal: an overall bar with ETA and one line per task in
 * flight (phase, method, seed, step, loss, its ETA). Lines logged with `log` scroll above it.
 * Disabled (prints nothing) when the stream is not a TTY, or with `--json`.
 */
export class ProgressDisplay {
  readonly enabled: boolean;
  readonly #stream: NodeJS.WriteStream;
  readonly #intervalMs: number;
  readonly #now: () => number;
  readonly #tasks = new Map<string, ProgressTask>();
  readonly #started: number;
  #title = '';
  #done = 0;
  #total = 0;
  #drawnLines = 0;
  #lastDraw = 0;
  #pending: NodeJS.Timeout | null = null;

  constructor(options: ProgressDisplayOptions = {}) {
    this.#stream = options.stream ?? process.stderr;
    this.enabled = options.enabled ?? this.#stream.isTTY === true;
    this.#intervalMs = options.intervalMs ?? 200;
    this.#now = options.now ?? (() => Date.now());
    this.#started = this.#now();
  }

  /** Sets the overall progress: `done` of `total` units of work (any consistent unit). */
  setOverall(title: string, done: number, total: number): void {
    this.#title = title;
    this.#done = done;
    this.#total = total;
    this.#schedule();
  }

  /** Adds or updates a task line. */
  update(id: string, task: ProgressTask): void {
    this.#tasks.set(id, task);
    this.#schedule();
  }

  /** Removes a finished task's line. */
  remove(id: string): void {
    this.#tasks.delete(id);
    this.#schedule();
  }

  /** Prints a permanent line above the live block (always printed, TTY or not). */
  log(line: string): void {
    this.#clear();
    this.#stream.write(`${line}\n`);
    this.#draw();
  }

  /** Removes the live block for good. */
  finish(): void {
    if (this.#pending !== null) clearTimeout(this.#pending);
    this.#pending = null;
    this.#clear();
  }

  /** The lines the block would show now (for tests). */
  render(width = 100): string[] {
    const elapsed = (this.#now() - this.#started) / 1000;
    const fraction = this.#total > 0 ? this.#done / this.#total : 0;
    const eta = fraction > 0 ? (elapsed * (1 - fraction)) / fraction : Number.NaN;
    const head =
      `${this.#title} ${formatBar(fraction)} ${(fraction * 100).toFixed(0).padStart(3)}%` +
      `  elapsed ${formatDuration(elapsed)}  ETA ${formatDuration(eta)}`;
    const lines = [head];
    for (const t of this.#tasks.values()) {
      const loss = t.loss === undefined || !Number.isFinite(t.loss) ? '' : `  loss ${t.loss.toFixed(4)}`;
      const eta = t.etaSeconds === undefined ? '' : `  ETA ${formatDuration(t.etaSeconds)}`;
      lines.push(`  ${t.phase.padEnd(10)} ${t.label.padEnd(22)} step ${t.step}/${t.totalSteps}${loss}${eta}`);
    }
    return lines.map((l) => (l.length > width ? `${l.slice(0, width - 1)}…` : l));
  }

  #schedule(): void {
    if (!this.enabled || this.#pending !== null) return;
    const wait = Math.max(0, this.#lastDraw + this.#intervalMs - this.#now());
    this.#pending = setTimeout(() => {
      this.#pending = null;
      this.#clear();
      this.#draw();
    }, wait);
    this.#pending.unref();
  }

  #clear(): void {
    if (!this.enabled || this.#drawnLines === 0) return;
    this.#stream.write(`\x1b[${this.#drawnLines}F\x1b[0J`);
    this.#drawnLines = 0;
  }

  #draw(): void {
    if (!this.enabled) return;
    const lines = this.render(Math.max(40, (this.#stream.columns ?? 100) - 1));
    this.#stream.write(`${lines.join('\n')}\n`);
    this.#drawnLines = lines.length;
    this.#lastDraw = this.#now();
  }
}
