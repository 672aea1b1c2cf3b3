import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** A worker process (test/workers/worker.ts) and the lines it printed so far. */
export interface Worker {
  readonly child: ChildProcess;
  readonly lines: string[];
  /** Resolves with the first printed line matching `pattern`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (or the signal name) once the process ended. */
  readonly exited: Promise<number | string>;
  stderr(): string;
}

/** Spawns `node --import tsx test/workers/worker.ts <args>` from the package directory. */
export function spawnWorker(args: readonly string[]): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', join(packageDir, 'test/workers/worker.ts'), ...args], {
    cwd: packageDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  let err = '';
  child.stderr?.on('data', (d: Buffer) => void (err += d.toString()));
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    lines.push(line);
    for (const l of [...listeners]) l();
  });
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    child,
    lines,
    exited,
    stderr: () => err,
    waitFor(pattern: RegExp, timeoutMs = 60_000): Promise<string> {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const hit = lines.find((l) => pattern.test(l));
          if (hit !== undefined) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(hit);
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`worker printed no line matching ${pattern} within ${timeoutMs} ms; stderr:\n${err}`));
        }, timeoutMs);
        listeners.add(check);
        void exited.then(() => {
          if (listeners.has(check)) {
            check();
            if (listeners.has(check)) {
              listeners.delete(check);
              clearTimeout(timer);
              reject(new Error(`worker exited before printing ${pattern}; stderr:\n${err}`));
            }
          }
        });
        check();
      });
    },
  };
}
