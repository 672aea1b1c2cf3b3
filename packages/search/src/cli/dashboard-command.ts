import { DEFAULT_DASHBOARD_PORT, startDashboard } from '../dashboard/dashboard-server.js';
import { InvalidOptionsError } from '../errors.js';
import type { Storage } from '../storages/storage.js';
import type { CliArgs } from './args.js';
import type { CliIo } from './run-cli.js';

/**
 * `lrdist-search dashboard [--study NAME]`: serves the dashboard over the open storage, prints its
 * URL (opening on NAME when given), and stops
 * cleanly when `io.signal` aborts (by default on SIGINT or SIGTERM, so Ctrl-C closes the server).
 */
export async function runDashboardCommand(args: CliArgs, storage: Storage, io: CliIo): Promise<void> {
  const dashboard = await startDashboard({
    storage,
    port: args.port ?? DEFAULT_DASHBOARD_PORT,
    host: args.host ?? '127.0.0.1',
    onWarning: (message) => io.stderr(`lrdist-search: warning: ${message}\n`),
  }).catch((error: unknown) => {
    if (error instanceof InvalidOptionsError) {
      throw new InvalidOptionsError(error.message.replace(/^`(port|host)`/, '`--$1`'), { cause: error });
    }
    throw error;
  });
  // The page opens on the study named in its fragment (which may not exist yet: it appears when created).
  const url = args.study === null ? dashboard.url : `${dashboard.url}#${encodeURIComponent(args.study)}`;
  io.stdout(`lrdist-search dashboard: ${url} (${storage.description}; Ctrl-C stops it)\n`);
  await stopRequested(io.signal);
  await dashboard.close();
  io.stdout('lrdist-search dashboard: stopped\n');
}

function stopRequested(signal: AbortSignal | undefined): Promise<void> {
  if (signal !== undefined) {
    return signal.aborted ? Promise.resolve() : new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  }
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
