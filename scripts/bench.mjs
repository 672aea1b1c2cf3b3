#!/usr/bin/env node
// `pnpm bench ...` at the root: the forgetting benchmark (apps/bench). Until that app exists, say so
// plainly instead of failing with a missing-module trace.
import { existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const app = join(root, 'apps', 'bench');
if (!existsSync(join(app, 'package.json'))) {
  console.error(
    'lrdist: the forgetting benchmark (apps/bench) is not built yet in this checkout.\n' +
      'It lands with issue "apps/bench: the forgetting benchmark"; until then `pnpm test` runs what exists.',
  );
  process.exit(2);
}

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'];
// A terminal's Ctrl-C reaches every process of its group, and pnpm may pass one on too: one burst
// must reach the CLI as one signal (its first SIGINT stops gracefully, a second quits at once).
const BURST_MS = 300;

/**
 * Runs a command with signals forwarded: the child leads its own process group, so SIGINT, SIGTERM
 * and SIGHUP reach it exactly once, from here (it never reads the terminal: stdin is not passed).
 * Resolves to how the child ended.
 */
function run(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, detached: true });
    const last = new Map();
    const forward = (signal) => {
      const now = Date.now();
      if (now - (last.get(signal) ?? -Infinity) < BURST_MS) return;
      last.set(signal, now);
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        // The whole group: the build's pnpm runs turbo and tsc below it.
        process.kill(-child.pid, signal);
      } catch {
        child.kill(signal);
      }
    };
    for (const signal of FORWARDED) process.on(signal, forward);
    const done = () => {
      for (const signal of FORWARDED) process.off(signal, forward);
    };
    child.on('error', (error) => {
      done();
      reject(error);
    });
    child.on('exit', (code, signal) => {
      done();
      resolve({ code, signal });
    });
  });
}

/** Ends this process the way the child ended: its exit code, or the same signal. */
function exitLike({ code, signal }) {
  if (signal !== null) {
    process.kill(process.pid, signal);
    // Should the signal not end this process (a handler elsewhere), exit as a shell reports it.
    setTimeout(() => process.exit(128 + (constants.signals[signal] ?? 0)), 1000);
    return;
  }
  process.exit(code ?? 1);
}

const build = await run('pnpm', ['exec', 'turbo', 'run', 'build', '--filter=@lrdist/bench...', '--output-logs=errors-only'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (build.signal !== null || build.code !== 0) exitLike(build);
else
  exitLike(
    await run(process.execPath, [join(app, 'dist', 'bin.js'), ...process.argv.slice(2)], { stdio: ['ignore', 'inherit', 'inherit'] }),
  );
