// Runs the built CLI (dist/bin.js) as a real process, as users do, for the integration tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findSharedData } from '../../../vitest.data.js';
import type { ResultsFile } from '../src/results/schemas.js';

/** apps/bench. */
export const APP_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The repository root (relative paths like models/mini-wordnet resolve from here). */
export const REPO_ROOT = resolve(APP_DIR, '..', '..');
const BIN = join(APP_DIR, 'dist', 'bin.js');

/** The GLUE folder of the shared data (see findSharedData: throws, never skips). */
export function glueDir(): string {
  return findSharedData().glueDir;
}

/** Caps that make a cell take seconds: the integration tests' runs. */
export const TINY_CAPS: readonly string[] = ['--max-train', '48', '--max-eval', '32', '--epochs', '1', '--batch-size', '16'];

/** A finished CLI run. */
export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts the CLI with `args`, cwd at the repository root; `child` lets a test signal it. */
export function startCli(args: readonly string[], env: Record<string, string> = {}): { child: ChildProcess; done: Promise<CliRun> } {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: build the app first (turbo runs build before test:integration)`);
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliRun>((resolvePromise) =>
    child.on('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

/** Runs the CLI to its end. */
export function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  return startCli(args, env).done;
}

/** The results.json of a run's folder. */
export async function results(out: string): Promise<ResultsFile> {
  return JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as ResultsFile;
}

/** Waits until a run's results.json holds `n` complete cells. */
export async function waitForCells(out: string, n: number, timeoutMs = 240_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await results(out)).cells.filter((c) => c.status === 'complete').length >= n) return;
    } catch {
      // not written yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`fewer than ${n} cells in ${out} after ${timeoutMs} ms`);
}
