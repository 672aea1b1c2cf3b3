import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { InvalidOptionsError, StorageError, StudyExistsError, StudyNotFoundError, TrialNotFoundError } from '../../errors.js';
import type { FrozenTrial, JsonValue, TrialState } from '../../trial/frozen-trial.js';
import { FIXED_PARAMS_ATTR, REQUEUE_COUNT_ATTR, fixedParamsOf } from '../operations.js';
import { staleReason } from '../plans.js';
import type {
  NewStudy,
  NewWaitingTrial,
  ReapStaleOptions,
  Storage,
  StoredParam,
  StoredStudy,
  StudySummary,
  TrialClaim,
  TrialQuery,
  TrialUpdate,
} from '../storage.js';
import { checkFinish, checkJson, checkNotFinished, checkParams, checkReleasable, checkReport, checkRunning } from '../validation.js';
import { paramsFromJson, studyFromRow, trialFromRow } from './schemas.js';
import { loadPg } from './load-pg.js';
import { ddl, trialSelect } from './sql.js';
import { runQuery, runTransaction } from './transactions.js';

/** Options of {@link createPostgresStorage}. */
export interface PostgresStorageOptions {
  /** `postgres://user:password@host:port/database`. Required unless `pool` is given. */
  connectionString?: string;
  /** A pool to use instead (the storage then leaves it open on close). */
  pool?: Pool;
  /** Schema holding the tables, created if absent. Default `public`. */
  schema?: string;
  /** Connections of the pool the storage creates. Default 4. */
  maxConnections?: number;
}

/**
 * Opens a PostgreSQL storage, for several processes on several machines. Tables are created if
 * absent (idempotently, under an advisory lock). Trial numbers come from a per-study counter row
 * incremented in the same transaction as the insert; waiting trials are claimed with
 * `FOR UPDATE SKIP LOCKED`; every change to a trial locks its row and re-checks its state, so a
 * finished trial never changes (TrialFinishedError) and two workers never claim one trial.
 * `pg` (an optional peer dependency) is loaded only when this is called without a `pool`; when it is
 * not installed this throws MissingDependencyError.
 */
export async function createPostgresStorage(options: PostgresStorageOptions): Promise<Storage> {
  const schema = options.schema ?? 'public';
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new InvalidOptionsError(`\`schema\` must be a plain SQL identifier (letters, digits, _), got ${JSON.stringify(schema)}`);
  }
  let pool = options.pool;
  const owned = pool === undefined;
  if (pool === undefined) {
    if (options.connectionString === undefined) throw new InvalidOptionsError('`connectionString` (or `pool`) must be given');
    const { Pool: PgPool } = await loadPg();
    pool = new PgPool({ connectionString: options.connectionString, max: options.maxConnections ?? 4 });
    // An idle client losing its server must not crash the process; the next query reports it.
    pool.on('error', () => undefined);
  }
  const storage = new PostgresStorage(pool, `"${schema}"`, owned, options.connectionString ?? 'pool');
  try {
    await storage.ensureTables();
  } catch (error) {
    if (owned) await pool.end().catch(() => undefined);
    throw error;
  }
  return storage;
}

class PostgresStorage implements Storage {
  readonly description: string;
  readonly #pool: Pool;
  readonly #s: string;
  readonly #owned: boolean;
  #closed = false;

  constructor(pool: Pool, schema: string, owned: boolean, where: string) {
    this.#pool = pool;
    this.#s = schema;
    this.#owned = owned;
    this.description = `postgres:${redact(where)} schema ${schema}`;
  }

  async ensureTables(): Promise<void> {
    await this.#tx('create tables', async (c) => {
      await c.query(`SELECT pg_advisory_xact_lock(hashtext('lrdist-search-schema'))`);
      for (const statement of ddl(this.#s)) await c.query(statement);
    });
  }

  async createStudy(study: NewStudy): Promise<StoredStudy> {
    checkJson(study.userAttrs ?? {}, 'userAttrs');
    checkJson(study.systemAttrs ?? {}, 'systemAttrs');
    if (study.studyName.length === 0) throw new StorageError('`studyName` must not be empty');
    if (study.directions.length === 0) throw new StorageError(`study '${study.studyName}': \`directions\` must not be empty`);
    return this.#tx('createStudy', async (c) => {
      const r = await c.query(
        `INSERT INTO ${this.#s}.lrdist_studies (name, directions, user_attrs, system_attrs, created_at)
         VALUES ($1, $2, $3::jsonb, $4::jsonb, $5) ON CONFLICT (name) DO NOTHING
         RETURNING name, directions, user_attrs, system_attrs, created_at`,
        [study.studyName, study.directions, JSON.stringify(study.userAttrs ?? {}), JSON.stringify(study.systemAttrs ?? {}), study.now],
      );
      if (r.rowCount === 0) throw new StudyExistsError(`study '${study.studyName}' already exists`);
      return studyFromRow(r.rows[0]);
    });
  }

  async getStudy(name: string): Promise<StoredStudy> {
    const r = await this.#query(
      'getStudy',
      `SELECT name, directions, user_attrs, system_attrs, created_at FROM ${this.#s}.lrdist_studies WHERE name = $1`,
      [name],
    );
    if (r.rows.length === 0) throw notFound(name);
    return studyFromRow(r.rows[0]);
  }

  async listStudies(): Promise<StudySummary[]> {
    const r = await this.#query(
      'listStudies',
      `SELECT s.name, s.directions, s.user_attrs, s.system_attrs, s.created_at,
              count(t.number) FILTER (WHERE t.state = 'waiting')::int AS waiting,
              count(t.number) FILTER (WHERE t.state = 'running')::int AS running,
              count(t.number) FILTER (WHERE t.state = 'complete')::int AS complete,
              count(t.number) FILTER (WHERE t.state = 'pruned')::int AS pruned,
              count(t.number) FILTER (WHERE t.state = 'failed')::int AS failed
       FROM ${this.#s}.lrdist_studies s LEFT JOIN ${this.#s}.lrdist_trials t ON t.study_id = s.study_id
       GROUP BY s.study_id ORDER BY s.study_id`,
      [],
    );
    return r.rows.map((row) => {
      const counts = row as Record<TrialState, number>;
      return {
        ...studyFromRow(row),
        trialCounts: {
          waiting: counts.waiting,
          running: counts.running,
          complete: counts.complete,
          pruned: counts.pruned,
          failed: counts.failed,
        },
      };
    });
  }

  async deleteStudy(name: string): Promise<void> {
    const r = await this.#query('deleteStudy', `DELETE FROM ${this.#s}.lrdist_studies WHERE name = $1`, [name]);
    if (r.rowCount === 0) throw notFound(name);
  }

  async setStudyAttrs(name: string, attrs: { user?: Record<string, JsonValue>; system?: Record<string, JsonValue> }): Promise<void> {
    checkJson(attrs.user ?? {}, 'userAttrs');
    checkJson(attrs.system ?? {}, 'systemAttrs');
    const r = await this.#query(
      'setStudyAttrs',
      `UPDATE ${this.#s}.lrdist_studies SET user_attrs = user_attrs || $2::jsonb, system_attrs = system_attrs || $3::jsonb WHERE name = $1`,
      [name, JSON.stringify(attrs.user ?? {}), JSON.stringify(attrs.system ?? {})],
    );
    if (r.rowCount === 0) throw notFound(name);
  }

  async enqueueTrial(name: string, trial: NewWaitingTrial): Promise<FrozenTrial> {
    const systemAttrs = { ...trial.systemAttrs, [FIXED_PARAMS_ATTR]: { ...trial.fixedParams } };
    checkJson(systemAttrs, 'systemAttrs');
    checkJson(trial.userAttrs ?? {}, 'userAttrs');
    const number = await this.#tx('enqueueTrial', async (c) => {
      const { id, number } = await this.#nextNumber(c, name);
      await c.query(
        `INSERT INTO ${this.#s}.lrdist_trials (study_id, number, state, user_attrs, system_attrs) VALUES ($1, $2, 'waiting', $3::jsonb, $4::jsonb)`,
        [id, number, JSON.stringify(trial.userAttrs ?? {}), JSON.stringify(systemAttrs)],
      );
      return number;
    });
    return this.getTrial(name, number);
  }

  async startTrial(name: string, claim: TrialClaim): Promise<FrozenTrial> {
    const heartbeatAt = claim.heartbeat ? claim.now : null;
    const number = await this.#tx('startTrial', async (c) => {
      const id = await this.#studyId(c, name);
      const waiting = await c.query(
        `SELECT number FROM ${this.#s}.lrdist_trials WHERE study_id = $1 AND state = 'waiting' ORDER BY number LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [id],
      );
      const claimed = waiting.rows[0] as { number: number } | undefined;
      if (claimed !== undefined) {
        await c
          .query(
            `UPDATE ${this.#s}.lrdist_trials SET state = 'running', started_at = $3, worker_id = $4, heartbeat_at = $5
           WHERE study_id = $1 AND number = $2 AND state = 'waiting'`,
            [id, claimed.number, claim.now, claim.workerId, heartbeatAt],
          )
          .then(guarded(name, claimed.number));
        return claimed.number;
      }
      const { number } = await this.#nextNumber(c, name);
      await c.query(
        `INSERT INTO ${this.#s}.lrdist_trials (study_id, number, state, started_at, worker_id, heartbeat_at) VALUES ($1, $2, 'running', $3, $4, $5)`,
        [id, number, claim.now, claim.workerId, heartbeatAt],
      );
      return number;
    });
    return this.getTrial(name, number);
  }

  async updateTrial(name: string, number: number, update: TrialUpdate): Promise<void> {
    if (update.userAttrs !== undefined) checkJson(update.userAttrs, 'userAttrs');
    if (update.systemAttrs !== undefined) checkJson(update.systemAttrs, 'systemAttrs');
    await this.#tx('updateTrial', async (c) => {
      const { id, state, params, objectives } = await this.#lockTrial(c, name, number);
      const onlyAttrs =
        (update.params?.length ?? 0) === 0 &&
        (update.reports?.length ?? 0) === 0 &&
        update.heartbeatAt === undefined &&
        update.finish === undefined;
      if (onlyAttrs) checkNotFinished(name, number, state);
      else checkRunning(name, number, state);
      const fresh = dedupe(update.params ?? []).filter((p) => !params.some((q) => q.name === p.name));
      checkParams(name, number, params, update.params ?? []);
      for (const r of update.reports ?? []) checkReport(name, number, r.step, r.values, objectives);
      if (update.finish !== undefined) checkFinish(name, number, update.finish, objectives);

      const f = update.finish;
      await c
        .query(
          `UPDATE ${this.#s}.lrdist_trials SET
           params = params || $3::jsonb,
           user_attrs = user_attrs || $4::jsonb,
           system_attrs = system_attrs || $5::jsonb,
           heartbeat_at = COALESCE($6, heartbeat_at),
           state = COALESCE($7, state),
           objective_values = COALESCE($8, objective_values),
           fail_reason = COALESCE($9, fail_reason),
           completed_at = COALESCE($10, completed_at)
         WHERE study_id = $1 AND number = $2 AND state = $11`,
          [
            id,
            number,
            JSON.stringify(fresh),
            JSON.stringify(update.userAttrs ?? {}),
            JSON.stringify(update.systemAttrs ?? {}),
            update.heartbeatAt ?? null,
            f?.state ?? null,
            f?.values === undefined || f.values === null ? null : [...f.values],
            f?.failReason ?? null,
            f?.now ?? null,
            state,
          ],
        )
        .then(guarded(name, number));
      if (update.reports !== undefined && update.reports.length > 0) {
        const encoded = update.reports.map((r) => [r.step, r.values.map((v) => (Number.isFinite(v) ? v : String(v)))]);
        await c.query(
          `INSERT INTO ${this.#s}.lrdist_reports (study_id, number, step, report_values)
           SELECT $1, $2, (e->>0)::int, ARRAY(SELECT v::double precision FROM json_array_elements_text(e->1) v)
           FROM json_array_elements($3::json) e
           ON CONFLICT (study_id, number, step) DO NOTHING`,
          [id, number, JSON.stringify(encoded)],
        );
      }
    });
  }

  async releaseTrial(name: string, number: number): Promise<void> {
    await this.#tx('releaseTrial', async (c) => {
      const { id, state, params } = await this.#lockTrial(c, name, number);
      const reports = await c.query(`SELECT 1 FROM ${this.#s}.lrdist_reports WHERE study_id = $1 AND number = $2 LIMIT 1`, [id, number]);
      checkReleasable(name, number, state, params.length, reports.rows.length);
      await c
        .query(
          `UPDATE ${this.#s}.lrdist_trials SET state = 'waiting', started_at = NULL, heartbeat_at = NULL, worker_id = NULL
         WHERE study_id = $1 AND number = $2 AND state = 'running'`,
          [id, number],
        )
        .then(guarded(name, number));
    });
  }

  async reapStaleTrials(name: string, options: ReapStaleOptions): Promise<FrozenTrial[]> {
    const numbers = await this.#tx('reapStaleTrials', async (c) => {
      const id = await this.#studyId(c, name);
      const stale = await c.query(
        `SELECT number, params, system_attrs, heartbeat_at, worker_id FROM ${this.#s}.lrdist_trials
         WHERE study_id = $1 AND state = 'running' AND (heartbeat_at < $2 OR worker_id = ANY($3::text[])) ORDER BY number FOR UPDATE SKIP LOCKED`,
        [id, options.staleBefore, [...(options.goneWorkers ?? [])]],
      );
      for (const row of stale.rows as {
        number: number;
        params: unknown;
        system_attrs: Record<string, JsonValue>;
        heartbeat_at: number;
        worker_id: string | null;
      }[]) {
        if (options.action === 'fail') {
          const reason = staleReason({ heartbeatAt: row.heartbeat_at, workerId: row.worker_id } as FrozenTrial, options);
          await c
            .query(
              `UPDATE ${this.#s}.lrdist_trials SET state = 'failed', fail_reason = $3, completed_at = $4 WHERE study_id = $1 AND number = $2 AND state = 'running'`,
              [id, row.number, reason, options.now],
            )
            .then(guarded(name, row.number));
        } else {
          const fixed = { ...fixedParamsOf(row.system_attrs) };
          for (const p of paramsFromJson(row.params, name)) fixed[p.name] = p.value;
          const count = row.system_attrs[REQUEUE_COUNT_ATTR];
          const system = {
            ...row.system_attrs,
            [FIXED_PARAMS_ATTR]: fixed,
            [REQUEUE_COUNT_ATTR]: (typeof count === 'number' ? count : 0) + 1,
          };
          await c
            .query(
              `UPDATE ${this.#s}.lrdist_trials SET state = 'waiting', params = '[]', system_attrs = $3::jsonb,
               started_at = NULL, heartbeat_at = NULL, worker_id = NULL WHERE study_id = $1 AND number = $2 AND state = 'running'`,
              [id, row.number, JSON.stringify(system)],
            )
            .then(guarded(name, row.number));
          await c.query(`DELETE FROM ${this.#s}.lrdist_reports WHERE study_id = $1 AND number = $2`, [id, row.number]);
        }
      }
      return (stale.rows as { number: number }[]).map((r) => r.number);
    });
    if (numbers.length === 0) return [];
    return this.getTrials(name, { minNumber: Math.min(...numbers), maxNumber: Math.max(...numbers) }).then((ts) =>
      ts.filter((t) => numbers.includes(t.number)),
    );
  }

  async getTrial(name: string, number: number): Promise<FrozenTrial> {
    const r = await this.#query(
      'getTrial',
      `${trialSelect(this.#s)} WHERE t.study_id = (SELECT study_id FROM ${this.#s}.lrdist_studies WHERE name = $1) AND t.number = $2`,
      [name, number],
    );
    if (r.rows.length === 0) {
      await this.getStudy(name);
      throw new TrialNotFoundError(`study '${name}' has no trial ${number}`);
    }
    return trialFromRow(r.rows[0], name);
  }

  async getTrials(name: string, query: TrialQuery = {}): Promise<FrozenTrial[]> {
    // One statement, so the study check and the trials come from the same snapshot.
    const r = await this.#query(
      'getTrials',
      `WITH s AS (SELECT study_id FROM ${this.#s}.lrdist_studies WHERE name = $1)
       SELECT EXISTS (SELECT 1 FROM s) AS found,
              COALESCE((SELECT json_agg(x ORDER BY x.number) FROM (
                ${trialSelect(this.#s)} WHERE t.study_id = (SELECT study_id FROM s)
                  AND t.number >= $2 AND ($3::int IS NULL OR t.number <= $3) AND ($4::text[] IS NULL OR t.state = ANY($4))
              ) x), '[]'::json) AS trials`,
      [name, query.minNumber ?? 0, query.maxNumber ?? null, query.states === undefined ? null : [...query.states]],
    );
    const row = r.rows[0] as { found: boolean; trials: unknown[] };
    if (!row.found) throw notFound(name);
    return row.trials.map((t) => trialFromRow(t, name));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#owned) await this.#pool.end();
  }

  async #studyId(c: PoolClient, name: string): Promise<string> {
    const r = await c.query(`SELECT study_id FROM ${this.#s}.lrdist_studies WHERE name = $1`, [name]);
    const row = r.rows[0] as { study_id: string } | undefined;
    if (row === undefined) throw notFound(name);
    return row.study_id;
  }

  /** The next trial number, from the study's counter row (locked until the transaction ends). */
  async #nextNumber(c: PoolClient, name: string): Promise<{ id: string; number: number }> {
    const r = await c.query(
      `UPDATE ${this.#s}.lrdist_studies SET next_number = next_number + 1 WHERE name = $1 RETURNING study_id, next_number - 1 AS number`,
      [name],
    );
    const row = r.rows[0] as { study_id: string; number: number } | undefined;
    if (row === undefined) throw notFound(name);
    return { id: row.study_id, number: row.number };
  }

  async #lockTrial(
    c: PoolClient,
    name: string,
    number: number,
  ): Promise<{ id: string; state: TrialState; params: StoredParam[]; objectives: number }> {
    const study = await c.query(`SELECT study_id, cardinality(directions) AS objectives FROM ${this.#s}.lrdist_studies WHERE name = $1`, [
      name,
    ]);
    const s = study.rows[0] as { study_id: string; objectives: number } | undefined;
    if (s === undefined) throw notFound(name);
    const r = await c.query(`SELECT state, params FROM ${this.#s}.lrdist_trials WHERE study_id = $1 AND number = $2 FOR UPDATE`, [
      s.study_id,
      number,
    ]);
    const row = r.rows[0] as { state: TrialState; params: unknown } | undefined;
    if (row === undefined) throw new TrialNotFoundError(`study '${name}' has no trial ${number}`);
    return { id: s.study_id, state: row.state, params: paramsFromJson(row.params, name), objectives: s.objectives };
  }

  #query(what: string, text: string, values: unknown[]): Promise<{ rows: QueryResultRow[]; rowCount: number | null }> {
    this.#assertOpen();
    return runQuery(this.#pool, what, text, values);
  }

  #tx<T>(what: string, body: (c: PoolClient) => Promise<T>): Promise<T> {
    this.#assertOpen();
    return runTransaction(this.#pool, what, body);
  }

  #assertOpen(): void {
    if (this.#closed) throw new StorageError(`${this.description} is closed`);
  }
}

function dedupe(params: readonly StoredParam[]): StoredParam[] {
  const seen = new Set<string>();
  return params.filter((p) => (seen.has(p.name) ? false : (seen.add(p.name), true)));
}

/**
 * Every state change also names the state it expects (`AND state = ...`), on top of the row lock
 * taken when it was checked: if the row changed anyway, nothing is written and the transaction fails.
 */
function guarded(study: string, number: number): (r: { rowCount: number | null }) => void {
  return (r) => {
    if (r.rowCount !== 1)
      throw new StorageError(`trial ${number} of study '${study}' changed state under its row lock; nothing was written`);
  };
}

function notFound(name: string): StudyNotFoundError {
  return new StudyNotFoundError(`study '${name}' does not exist`);
}

function redact(where: string): string {
  return where.replace(/:\/\/([^:@/]+):[^@/]*@/, '://$1:***@');
}
