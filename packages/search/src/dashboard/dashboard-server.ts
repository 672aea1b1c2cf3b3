import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { toJson } from '../cli/format.js';
import { InvalidOptionsError, StudyNotFoundError } from '../errors.js';
import { getParamImportances } from '../importance/param-importances.js';
import { openStorage } from '../storages/open-storage.js';
import type { Storage } from '../storages/storage.js';
import { buildStudy, buildStudyList } from './dashboard-data.js';
import { ImportanceCache } from './dashboard-importance.js';
import { dashboardPage } from './dashboard-page.js';

/** Options of {@link startDashboard}: give `storage` or `storageUrl`. */
export interface DashboardOptions {
  /** An open storage to read; the dashboard never closes it. */
  storage?: Storage;
  /**
   * A storage URL (`journal:PATH`, `postgres://...`) the dashboard opens and closes with itself. A
   * journal file must exist (the dashboard never creates one).
   */
  storageUrl?: string;
  /** TCP port; 0 picks a free one. Default 8080. */
  port?: number;
  /** Address to bind. Default `127.0.0.1` (this machine only). */
  host?: string;
  /** How often the page polls for new trials, in ms. Default 1500. */
  refreshMs?: number;
  /** Told when binding an address other machines can reach. Default `process.emitWarning`. */
  onWarning?: (message: string) => void;
}

/** A running dashboard. */
export interface Dashboard {
  /** The page's address, e.g. `http://127.0.0.1:8080/`. */
  readonly url: string;
  /** Stops listening, drops open connections and closes a storage opened from `storageUrl`. */
  close(): Promise<void>;
}

/** The default port of the dashboard (Optuna's dashboard uses the same). */
export const DEFAULT_DASHBOARD_PORT = 8080;

/** Whether `host` is a loopback address or name (reachable from this machine only). */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return h === 'localhost' || h === '::1' || (isIP(h) === 4 && h.startsWith('127.'));
}

/**
 * Starts a read-only web dashboard over a storage: the page lists the studies and, per study, the
 * optimisation history, a parallel-coordinates plot, parameter importance, the Pareto front,
 * intermediate values and a sortable trial table, polling `GET /api/studies[/NAME]` so that trials
 * told by running workers appear without a reload. Only GET and HEAD are served (anything else is
 * 405); the page is a constant built from no stored data, which it renders as text only, under a
 * Content-Security-Policy that admits nothing but its own nonce'd script and style.
 */
export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? DEFAULT_DASHBOARD_PORT;
  const refreshMs = options.refreshMs ?? 1500;
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new InvalidOptionsError(`\`port\` must be an integer in [0, 65535], got ${port}`);
  if (!Number.isInteger(refreshMs) || refreshMs < 100)
    throw new InvalidOptionsError(`\`refreshMs\` must be an integer >= 100, got ${refreshMs}`);
  if ((options.storage === undefined) === (options.storageUrl === undefined)) {
    throw new InvalidOptionsError('give exactly one of `storage` and `storageUrl`');
  }
  const storage = options.storage ?? (await openStorage(options.storageUrl as string, { createIfMissing: false }));
  const owned = options.storage === undefined;
  const handler = createHandler({
    storage,
    refreshMs,
    checkHost: isLoopbackHost(host),
    importance: new ImportanceCache(getParamImportances),
  });
  const server = createServer((req, res) => {
    handler(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: error instanceof Error ? error.message : String(error) });
      else res.destroy();
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    if (owned) await storage.close().catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new InvalidOptionsError(`\`port\` ${port} is in use on ${host}: pass another port, or 0 for any free one`, { cause: error });
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      throw new InvalidOptionsError(`\`host\` must be an address of this machine, got ${JSON.stringify(host)}`, { cause: error });
    }
    throw new InvalidOptionsError(`\`port\` ${port} cannot be listened on at ${host}: ${(error as Error).message}`, { cause: error });
  }
  if (!isLoopbackHost(host)) {
    (options.onWarning ?? ((m: string) => process.emitWarning(m)))(
      `the dashboard listens on ${host}, reachable from other machines, without authentication: anyone who can reach it can read every study in ${storage.description}`,
    );
  }
  const address = server.address();
  const boundPort = typeof address === 'object' && address !== null ? address.port : port;
  const url = `http://${isIP(host) === 6 ? `[${host}]` : host}:${boundPort}/`;
  let closing: Promise<void> | undefined;
  return {
    url,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Polling pages keep connections alive; without this, close() would wait for them to idle out.
          server.closeAllConnections();
        });
        if (owned) await storage.close();
      })();
      return closing;
    },
  };
}

interface HandlerContext {
  readonly storage: Storage;
  readonly refreshMs: number;
  readonly checkHost: boolean;
  readonly importance: ImportanceCache;
}

const COMMON_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-cache',
} as const;

/** Routes: `/` the page, `/api/studies` the list, `/api/studies/<URL-encoded name>` one study. */
function createHandler(ctx: HandlerContext): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      sendJson(res, 405, { error: `method ${req.method ?? '?'} not allowed: the dashboard is read-only (GET, HEAD)` });
      return;
    }
    // A page on another site must not read the studies through DNS rebinding to 127.0.0.1.
    const hostHeader = req.headers.host ?? '';
    if (ctx.checkHost && !isLoopbackHost(hostHeader.replace(/:\d+$/, ''))) {
      sendJson(res, 403, { error: `Host ${JSON.stringify(hostHeader)} is not this machine's loopback address` });
      return;
    }
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/' || path === '/index.html') {
      const nonce = randomBytes(18).toString('base64');
      const body = dashboardPage({ nonce, refreshMs: ctx.refreshMs });
      res.writeHead(200, {
        ...COMMON_HEADERS,
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
        'Content-Security-Policy': [
          "default-src 'none'",
          `script-src 'nonce-${nonce}'`,
          `style-src 'nonce-${nonce}'`,
          "connect-src 'self'",
          'img-src data:',
          "base-uri 'none'",
          "form-action 'none'",
          "frame-ancestors 'none'",
        ].join('; '),
      });
      res.end(body);
      return;
    }
    if (path === '/api/studies') {
      await sendData(req, res, () => buildStudyList(ctx.storage));
      return;
    }
    if (path.startsWith('/api/studies/')) {
      let name: string;
      try {
        name = decodeURIComponent(path.slice('/api/studies/'.length));
      } catch {
        sendJson(res, 400, { error: 'the study name in the path must be URL-encoded' });
        return;
      }
      await sendData(req, res, () => buildStudy(ctx.storage, name, ctx.importance));
      return;
    }
    sendJson(res, 404, { error: `no such page: ${path}` });
  };
}

/** Sends data as JSON with an ETag, so that an unchanged study costs the page one 304. */
async function sendData(req: IncomingMessage, res: ServerResponse, build: () => Promise<unknown>): Promise<void> {
  let data: unknown;
  try {
    data = await build();
  } catch (error) {
    if (error instanceof StudyNotFoundError) sendJson(res, 404, { error: error.message });
    else sendJson(res, 503, { error: `cannot read the storage: ${error instanceof Error ? error.message : String(error)}` });
    return;
  }
  const body = toJson(data, 0);
  const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { ...COMMON_HEADERS, ETag: etag });
    res.end();
    return;
  }
  res.writeHead(200, { ...COMMON_HEADERS, 'Content-Type': 'application/json; charset=utf-8', ETag: etag });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, data: unknown): void {
  res.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': 'application/json; charset=utf-8' });
  res.end(toJson(data, 0));
}
