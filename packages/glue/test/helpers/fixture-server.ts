import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the server answers one path. */
export interface FixtureRoute {
  /** The bytes served. */
  body: Buffer;
  /** Answer HTTP 500 this many times before serving. Default: 0. */
  failures?: number;
  /** On the first full (non-Range) response, send only this many bytes, then drop the connection. */
  dropAfter?: number;
  /** Status to answer instead of serving (e.g. 404). */
  status?: number;
}

/** A request the server saw. */
export interface SeenRequest {
  readonly path: string;
  readonly range: string | undefined;
  readonly status: number;
  readonly acceptEncoding: string | undefined;
}

/** A local HTTP server on 127.0.0.1 with a random port, serving fixtures with Range support. */
export interface FixtureServer {
  readonly baseUrl: string;
  readonly requests: SeenRequest[];
  readonly routes: Map<string, FixtureRoute>;
  close(): Promise<void>;
}

export async function startFixtureServer(routes: Record<string, FixtureRoute>): Promise<FixtureServer> {
  const table = new Map(Object.entries(routes));
  const requests: SeenRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    const range = req.headers.range;
    const route = table.get(path);
    const answer = (status: number): void => {
      requests.push({ path, range, status, acceptEncoding: req.headers['accept-encoding'] });
    };
    if (route === undefined) {
      answer(404);
      res.writeHead(404).end('not found');
      return;
    }
    if (route.status !== undefined) {
      answer(route.status);
      res.writeHead(route.status).end();
      return;
    }
    if ((route.failures ?? 0) > 0) {
      route.failures = (route.failures ?? 0) - 1;
      answer(500);
      res.writeHead(500).end('try again');
      return;
    }
    const start = range === undefined ? 0 : Number(/^bytes=(\d+)-$/.exec(range)?.[1] ?? 0);
    if (start >= route.body.length && start > 0) {
      answer(416);
      res.writeHead(416, { 'content-range': `bytes */${route.body.length}` }).end();
      return;
    }
    const slice = route.body.subarray(start);
    if (range !== undefined) {
      answer(206);
      res.writeHead(206, {
        'content-length': slice.length,
        'content-range': `bytes ${start}-${route.body.length - 1}/${route.body.length}`,
        'accept-ranges': 'bytes',
      });
      res.end(slice);
      return;
    }
    answer(200);
    res.writeHead(200, { 'content-length': slice.length, 'accept-ranges': 'bytes' });
    if (route.dropAfter !== undefined) {
      const cut = route.dropAfter;
      delete route.dropAfter;
      res.write(slice.subarray(0, cut), () => {
        // Let the bytes reach the client, and its write to disk, before the connection goes: at 20 ms
        // a loaded machine sometimes saw the error before the bytes, and the resume restarted at 0.
        setTimeout(() => res.socket?.destroy(), 250);
      });
      return;
    }
    res.end(slice);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    routes: table,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}
