/**
 * The tables of distributed benchmark runs, beside (and apart from) the search's tables in the same
 * database. Names are qualified with a schema the caller chose (validated, then quoted).
 */

/** Statements that create the tables if absent (run under an advisory lock: processes starting together must not race). */
export function ddl(s: string): string[] {
  return [
    `CREATE SCHEMA IF NOT EXISTS ${s}`,
    `CREATE TABLE IF NOT EXISTS ${s}.lrdist_bench_runs (
      name text PRIMARY KEY,
      config jsonb NOT NULL,
      config_hash text NOT NULL,
      spec jsonb NOT NULL,
      heartbeat_timeout_s double precision NOT NULL CHECK (heartbeat_timeout_s > 0),
      created_at timestamptz NOT NULL DEFAULT clock_timestamp()
    )`,
    `CREATE TABLE IF NOT EXISTS ${s}.lrdist_bench_cells (
      run_name text NOT NULL REFERENCES ${s}.lrdist_bench_runs (name) ON DELETE CASCADE,
      key text NOT NULL,
      position integer NOT NULL,
      work jsonb NOT NULL,
      state text NOT NULL CHECK (state IN ('waiting', 'running', 'complete', 'failed')),
      attempt integer NOT NULL DEFAULT 0,
      completions integer NOT NULL DEFAULT 0,
      worker_id text,
      heartbeat_at timestamptz,
      result jsonb,
      error text,
      finished_at timestamptz,
      PRIMARY KEY (run_name, key)
    )`,
    `CREATE INDEX IF NOT EXISTS lrdist_bench_cells_by_state ON ${s}.lrdist_bench_cells (run_name, state, position)`,
  ];
}

/**
 * The holder's guard of every write to a running cell: the claim's attempt number and worker id,
 * and the state it left. A holder whose cell was re-queued (and maybe claimed again, by anyone,
 * which bumps the attempt) matches no row, so its late result is dropped instead of recorded twice.
 */
export const HOLDER_GUARD = `run_name = $1 AND key = $2 AND attempt = $3 AND worker_id = $4 AND state = 'running'`;
