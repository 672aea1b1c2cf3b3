import { loadPg, type PgModule } from '@lrdist/search';
import { RunMismatchError, RunNotFoundError, RunQueueError } from '../errors.js';
import type { CellWork } from './cell-work.js';
import { parseCellWork } from './cell-work.js';
import {
  type CellRow,
  cellRowSchema,
  claimRowSchema,
  finishedRowSchema,
  parseRow,
  runRowSchema,
  type RunSpec,
  runSpecSchema,
  RUN_SPEC_VERSION,
} from './schemas.js';
import { ddl, HOLDER_GUARD } from './sql.js';

type Pool = InstanceType<PgModule['Pool']>;
/** A pooled connection (pg's PoolClient, an interface the module's value type does not carry). */
type Client = Pick<InstanceType<PgModule['Client']>, 'query'> & { release(error?: Error | boolean): void };

/** Options of {@link openCellQueue}. */
export interface CellQueueOptions {
  /** `postgresql://user:password@host:port/database`. */
  readonly connectionString: string;
  /** Schema holding the tables, created if absent. Default `public`. */
  readonly schema?: string;
  /** Longest wait for a connection. Default 10_000 ms. */
  readonly connectTimeoutMs?: number;
}

/** A run as the queue holds it. */
export interface QueuedRun {
  readonly name: string;
  /** The results config (results.json's `config`) the run was made for. */
  readonly config: Record<string, unknown>;
  readonly configHash: string;
  readonly spec: RunSpec;
  /** Seconds without a heartbeat after which a running cell is re-queued. */
  readonly heartbeatTimeoutS: number;
}

/** A cell to publish. */
export interface NewCell {
  /** Unique within the run: results' cellKey, `<method>/seed<n>`. */
  readonly key: string;
  readonly work: CellWork;
}

/** A cell this worker holds: `attempt` is its claim token. */
export interface ClaimedCell {
  readonly key: string;
  readonly work: CellWork;
  readonly attempt: number;
}

/** A cell in a final state. */
export type FinishedCell =
  | { readonly key: string; readonly state: 'complete'; readonly result: unknown }
  | { readonly key: string; readonly state: 'failed'; readonly error: string };

/** A cell put back to `waiting` because its holder went quiet or away. */
export interface RequeuedCell {
  readonly key: string;
  readonly workerId: string | null;
}

/**
 * Opens the cell queue of distributed runs on a PostgreSQL database, creating its tables if absent.
 * An unreachable server (or any other failure to open) is one RunQueueError line naming the server.
 */
export async function openCellQueue(options: CellQueueOptions): Promise<CellQueue> {
  const schema = options.schema ?? 'public';
  const where = redact(options.connectionString);
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new RunQueueError(`\`schema\` must be a plain SQL identifier (letters, digits, _), got ${JSON.stringify(schema)}`);
  }
  let pg: PgModule;
  try {
    pg = await loadPg();
  } catch (cause) {
    throw new RunQueueError(describe(cause), { cause });
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: 4,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const queue = new CellQueue(pool, `"${schema}"`, where);
  try {
    await queue.ensureTables();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  return queue;
}

/**
 * The cells of distributed runs in PostgreSQL. A cell is claimed with `FOR UPDATE SKIP LOCKED` (two
 * workers never hold one cell), which bumps its attempt number: every later write by its holder
 * names that attempt, so a holder whose cell was re-queued meanwhile writes nothing. Heartbeats and
 * staleness use the server's clock, so machines whose clocks disagree still agree on who is late.
 */
export class CellQueue {
  /** The server, password hidden, for messages. */
  readonly where: string;
  readonly #pool: Pool;
  readonly #s: string;
  #closed = false;

  constructor(pool: Pool, schema: string, where: string) {
    this.#pool = pool;
    this.#s = schema;
    this.where = where;
  }

  /** Creates the tables if absent. */
  async ensureTables(): Promise<void> {
    await this.#tx('open the run tables', async (c) => {
      await c.query(`SELECT pg_advisory_xact_lock(hashtext('lrdist-bench-cells-schema'))`);
      for (const statement of ddl(this.#s)) await c.query(statement);
    });
  }

  /** The run named `name`, or null. */
  async findRun(name: string): Promise<QueuedRun | null> {
    const r = await this.#query(
      'read the run',
      `SELECT name, config, config_hash, spec, heartbeat_timeout_s FROM ${this.#s}.lrdist_bench_runs WHERE name = $1`,
      [name],
    );
    return r.rows.length === 0 ? null : runFromRow(r.rows[0], name);
  }

  /** The run named `name`; RunNotFoundError when the queue has none. */
  async getRun(name: string): Promise<QueuedRun> {
    const run = await this.findRun(name);
    if (run === null) {
      throw new RunNotFoundError(
        `run '${name}' does not exist at ${this.where}; start it with \`pnpm bench run|evaluate|sequence ... --storage URL --run-name ${name}\``,
      );
    }
    return run;
  }

  /**
   * Creates the run if absent and adds its cells, in one transaction (a worker never sees the run
   * without its cells). Cells already there keep their state, except failed ones, which wait again:
   * as in a one-machine run, a new sitting retries what failed. A run made by another configuration
   * is a RunMismatchError and nothing is written.
   */
  async publish(run: QueuedRun, cells: readonly NewCell[]): Promise<void> {
    await this.#tx('publish the run', async (c) => {
      const r = await c.query(
        `INSERT INTO ${this.#s}.lrdist_bench_runs (name, config, config_hash, spec, heartbeat_timeout_s)
         VALUES ($1, $2::jsonb, $3, $4::jsonb, $5)
         ON CONFLICT (name) DO UPDATE SET heartbeat_timeout_s = EXCLUDED.heartbeat_timeout_s
         RETURNING config_hash`,
        [run.name, JSON.stringify(run.config), run.configHash, JSON.stringify(run.spec), run.heartbeatTimeoutS],
      );
      const stored = (r.rows[0] as { config_hash: string }).config_hash;
      if (stored !== run.configHash) throw mismatch(run.name, stored, run.configHash);
      if (cells.length === 0) return;
      await c.query(
        `INSERT INTO ${this.#s}.lrdist_bench_cells (run_name, key, position, work, state)
         SELECT $1, e->>'key', (e->>'position')::int, e->'work', 'waiting' FROM jsonb_array_elements($2::jsonb) e
         ON CONFLICT (run_name, key) DO UPDATE SET state = 'waiting', error = NULL, worker_id = NULL, heartbeat_at = NULL
         WHERE ${this.#s}.lrdist_bench_cells.state = 'failed'`,
        [run.name, JSON.stringify(cells.map((cell, position) => ({ key: cell.key, position, work: cell.work })))],
      );
    });
  }

  /** Refuses (RunMismatchError) when the run exists with another configuration; nothing when it is absent or the same. */
  async checkConfig(name: string, configHash: string): Promise<void> {
    const run = await this.findRun(name);
    if (run !== null && run.configHash !== configHash) throw mismatch(name, run.configHash, configHash);
  }

  /** Takes the first waiting cell no one holds, for `workerId`; null when none waits. */
  async claim(run: string, workerId: string): Promise<ClaimedCell | null> {
    const r = await this.#query(
      'claim a cell',
      `WITH next AS (
         SELECT key FROM ${this.#s}.lrdist_bench_cells WHERE run_name = $1 AND state = 'waiting'
         ORDER BY position, key LIMIT 1 FOR UPDATE SKIP LOCKED
       )
       UPDATE ${this.#s}.lrdist_bench_cells c SET state = 'running', attempt = c.attempt + 1, worker_id = $2,
         heartbeat_at = clock_timestamp(), error = NULL
       FROM next WHERE c.run_name = $1 AND c.key = next.key
       RETURNING c.key, c.work, c.attempt`,
      [run, workerId],
    );
    if (r.rows.length === 0) return null;
    const row = parseRow(claimRowSchema, r.rows[0], `a claimed cell of run '${run}'`);
    return { key: row.key, attempt: row.attempt, work: parseCellWork(row.work, `cell ${row.key} of run '${run}'`) };
  }

  /** Renews the holder's heartbeat; false when the cell is no longer this claim's (re-queued, or claimed again). */
  async heartbeat(run: string, workerId: string, cell: Pick<ClaimedCell, 'key' | 'attempt'>): Promise<boolean> {
    const r = await this.#query(
      'renew a heartbeat',
      `UPDATE ${this.#s}.lrdist_bench_cells SET heartbeat_at = clock_timestamp() WHERE ${HOLDER_GUARD}`,
      [run, cell.key, cell.attempt, workerId],
    );
    return r.rowCount === 1;
  }

  /** Records the holder's result; false (nothing written) when the claim is no longer current. */
  async complete(run: string, workerId: string, cell: Pick<ClaimedCell, 'key' | 'attempt'>, result: unknown): Promise<boolean> {
    const r = await this.#query(
      'record a result',
      `UPDATE ${this.#s}.lrdist_bench_cells SET state = 'complete', result = $5::jsonb, completions = completions + 1,
         finished_at = clock_timestamp(), heartbeat_at = NULL WHERE ${HOLDER_GUARD}`,
      [run, cell.key, cell.attempt, workerId, JSON.stringify(result)],
    );
    return r.rowCount === 1;
  }

  /** Records that the holder's cell failed (the run goes on); false when the claim is no longer current. */
  async fail(run: string, workerId: string, cell: Pick<ClaimedCell, 'key' | 'attempt'>, error: string): Promise<boolean> {
    const r = await this.#query(
      'record a failure',
      `UPDATE ${this.#s}.lrdist_bench_cells SET state = 'failed', error = $5, finished_at = clock_timestamp(), heartbeat_at = NULL
       WHERE ${HOLDER_GUARD}`,
      [run, cell.key, cell.attempt, workerId, error],
    );
    return r.rowCount === 1;
  }

  /** Puts the holder's cell back to `waiting` (an interrupted worker); false when the claim is no longer current. */
  async release(run: string, workerId: string, cell: Pick<ClaimedCell, 'key' | 'attempt'>): Promise<boolean> {
    const r = await this.#query(
      'release a cell',
      `UPDATE ${this.#s}.lrdist_bench_cells SET state = 'waiting', worker_id = NULL, heartbeat_at = NULL WHERE ${HOLDER_GUARD}`,
      [run, cell.key, cell.attempt, workerId],
    );
    return r.rowCount === 1;
  }

  /**
   * Re-queues the running cells whose holder's heartbeat is older than `timeoutS` seconds (server
   * time), or whose holder `isWorkerGone` says has ended (a process of this machine, found at once).
   */
  async requeueStale(run: string, options: { timeoutS: number; isWorkerGone?: (workerId: string) => boolean }): Promise<RequeuedCell[]> {
    let gone: string[] = [];
    if (options.isWorkerGone !== undefined) {
      const holders = await this.#query(
        'list the holders',
        `SELECT DISTINCT worker_id FROM ${this.#s}.lrdist_bench_cells WHERE run_name = $1 AND state = 'running' AND worker_id IS NOT NULL`,
        [run],
      );
      gone = (holders.rows as { worker_id: string }[]).map((h) => h.worker_id).filter(options.isWorkerGone);
    }
    const r = await this.#query(
      're-queue stale cells',
      `WITH stale AS (
         SELECT key, worker_id FROM ${this.#s}.lrdist_bench_cells
         WHERE run_name = $1 AND state = 'running'
           AND (heartbeat_at < clock_timestamp() - make_interval(secs => $2) OR worker_id = ANY($3::text[]))
         FOR UPDATE SKIP LOCKED
       )
       UPDATE ${this.#s}.lrdist_bench_cells c SET state = 'waiting', worker_id = NULL, heartbeat_at = NULL
       FROM stale WHERE c.run_name = $1 AND c.key = stale.key AND c.state = 'running'
       RETURNING c.key, stale.worker_id`,
      [run, options.timeoutS, gone],
    );
    return (r.rows as { key: string; worker_id: string | null }[]).map((row) => ({ key: row.key, workerId: row.worker_id }));
  }

  /** Those of `keys` that are complete or failed, with their result or error. */
  async finished(run: string, keys: readonly string[]): Promise<FinishedCell[]> {
    if (keys.length === 0) return [];
    const r = await this.#query(
      'read finished cells',
      `SELECT key, state, result, error FROM ${this.#s}.lrdist_bench_cells
       WHERE run_name = $1 AND key = ANY($2::text[]) AND state IN ('complete', 'failed')`,
      [run, [...keys]],
    );
    return r.rows.map((row) => {
      const f = parseRow(finishedRowSchema, row, `a finished cell of run '${run}'`);
      return f.state === 'complete' ? { key: f.key, state: f.state, result: f.result } : { key: f.key, state: f.state, error: f.error };
    });
  }

  /** How many cells of the run wait for a worker. */
  async waiting(run: string): Promise<number> {
    const r = await this.#query(
      'count waiting cells',
      `SELECT count(*)::int AS n FROM ${this.#s}.lrdist_bench_cells WHERE run_name = $1 AND state = 'waiting'`,
      [run],
    );
    return (r.rows[0] as { n: number }).n;
  }

  /** Every cell of the run, by key (status and tests). */
  async cells(run: string): Promise<CellRow[]> {
    const r = await this.#query(
      'read the cells',
      `SELECT key, state, attempt, completions, worker_id, error FROM ${this.#s}.lrdist_bench_cells WHERE run_name = $1 ORDER BY key`,
      [run],
    );
    return r.rows.map((row) => parseRow(cellRowSchema, row, `a cell of run '${run}'`));
  }

  /** Closes the connections. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end().catch(() => undefined);
  }

  async #query(what: string, text: string, values: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }> {
    if (this.#closed) throw new RunQueueError(`the run queue at ${this.where} is closed`);
    try {
      return await this.#pool.query(text, values);
    } catch (error) {
      throw this.#wrap(error, what);
    }
  }

  async #tx<T>(what: string, body: (c: Client) => Promise<T>): Promise<T> {
    if (this.#closed) throw new RunQueueError(`the run queue at ${this.where} is closed`);
    let client: Client;
    try {
      client = await this.#pool.connect();
    } catch (error) {
      throw this.#wrap(error, what);
    }
    try {
      await client.query('BEGIN');
      const result = await body(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw this.#wrap(error, what);
    } finally {
      client.release();
    }
  }

  #wrap(error: unknown, what: string): Error {
    if (error instanceof RunQueueError) return error;
    return new RunQueueError(`PostgreSQL at ${this.where}: cannot ${what}: ${describe(error)}`, { cause: error });
  }
}

function runFromRow(row: unknown, name: string): QueuedRun {
  const r = parseRow(runRowSchema, row, `run '${name}'`);
  const version = (r.spec as { version?: unknown } | null)?.version;
  if (version !== RUN_SPEC_VERSION) {
    throw new RunMismatchError(
      `run '${name}' was written by another lrdist (run format ${String(version)}; this one reads ${RUN_SPEC_VERSION})`,
    );
  }
  return {
    name: r.name,
    config: r.config,
    configHash: r.config_hash,
    spec: parseRow(runSpecSchema, r.spec, `run '${name}'`),
    heartbeatTimeoutS: r.heartbeat_timeout_s,
  };
}

function mismatch(name: string, stored: string, ours: string): RunMismatchError {
  return new RunMismatchError(
    `run '${name}' was made by another configuration (hash ${stored}, this one ${ours}); use another --run-name, or the command that made it`,
  );
}

/**
 * One line for a pg or network error. Node reports a refused connection to a name with several
 * addresses as an AggregateError whose own message is empty; its first error says what happened.
 */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const inner = error instanceof AggregateError ? (error.errors[0] as unknown) : undefined;
  const message = error.message !== '' ? error.message : inner instanceof Error ? inner.message : '';
  const code = (error as { code?: unknown }).code;
  return (message !== '' ? message : typeof code === 'string' ? code : error.name).split('\n')[0]!;
}

/** The connection string with its password hidden. */
export function redact(url: string): string {
  return url.replace(/:\/\/([^:@/]+):[^@/]*@/, '://$1:***@');
}
