import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { StorageError } from '../errors.js';

const run = promisify(execFile);

/** Options of {@link startPostgresCluster}. */
export interface PostgresClusterOptions {
  /** Directory with `initdb`, `pg_ctl`, `postgres`. Default: `$LRDIST_PG_BIN`, else the newest `/usr/lib/postgresql/<v>/bin`. */
  binDir?: string;
  /** Longest wait for the server to accept connections. Default 30_000 ms. */
  startTimeoutMs?: number;
}

/** A throwaway PostgreSQL server on 127.0.0.1. */
export interface PostgresCluster {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust authentication). */
  readonly connectionString: string;
  readonly port: number;
  /** Stops the server and deletes its data directory. */
  stop(): Promise<void>;
}

/**
 * Starts a throwaway PostgreSQL cluster for tests: `initdb` into a temporary directory, `pg_ctl start`
 * on a free 127.0.0.1 port (durability off: fsync, full-page writes). `initdb` refuses to run as
 * root, so as root the cluster is created and run as the `postgres` OS user (Debian's package makes
 * it) through `runuser`. Fails with a StorageError naming what is missing (never skips).
 */
export async function startPostgresCluster(options: PostgresClusterOptions = {}): Promise<PostgresCluster> {
  const bin = options.binDir ?? findBinDir();
  const asRoot = process.getuid?.() === 0;
  const dir = await mkdtemp(join(tmpdir(), 'lrdist-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']).catch((error: unknown) => {
      throw new StorageError('running as root, PostgreSQL needs the `postgres` OS user (apt-get install postgresql creates it)', {
        cause: error,
      });
    });
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const exec = async (tool: string, args: string[]): Promise<void> => {
    const [cmd, full] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
    try {
      await run(cmd as string, full as string[], { timeout: options.startTimeoutMs ?? 30_000 });
    } catch (error) {
      const tail = await readFile(log, 'utf8').catch(() => '');
      throw new StorageError(`\`${tool} ${args.join(' ')}\` failed${tail ? `; server log:\n${tail.slice(-2000)}` : ''}`, { cause: error });
    }
  };
  const port = await freePort();
  try {
    await exec('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
    const settings = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=100`;
    await exec('pg_ctl', ['-D', data, '-l', log, '-o', settings, '-w', '-t', '30', 'start']);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  let stopped = false;
  return {
    connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async stop(): Promise<void> {
      if (stopped) return;
      stopped = true;
      await exec('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function findBinDir(): string {
  const env = process.env.LRDIST_PG_BIN;
  if (env !== undefined && env !== '') return env;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (newest === undefined) {
    throw new StorageError(
      'PostgreSQL binaries not found: install them (`apt-get install postgresql`, or `./scripts/setup --test`) or set $LRDIST_PG_BIN to the directory holding initdb and pg_ctl',
    );
  }
  return join(root, newest, 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null ? resolve(address.port) : reject(new StorageError('no free port')),
      );
    });
  });
}
