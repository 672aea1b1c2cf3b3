/**
 * The PostgreSQL schema and statements. Table names are qualified with a schema the caller chose
 * (validated as a plain identifier, then quoted).
 */

/** Version of the table layout, stored in `lrdist_meta`. */
export const SCHEMA_VERSION = 1;

/** Statements that create the tables if absent (run under an advisory lock so workers starting together do not race). */
export function ddl(s: string): string[] {
  return [
    `CREATE SCHEMA IF NOT EXISTS ${s}`,
    `CREATE TABLE IF NOT EXISTS ${s}.lrdist_meta (key text PRIMARY KEY, value text NOT NULL)`,
    `INSERT INTO ${s}.lrdist_meta (key, value) VALUES ('schema_version', '${SCHEMA_VERSION}') ON CONFLICT (key) DO NOTHING`,
    `CREATE TABLE IF NOT EXISTS ${s}.lrdist_studies (
      study_id bigserial PRIMARY KEY,
      name text NOT NULL UNIQUE,
      directions text[] NOT NULL,
      user_attrs jsonb NOT NULL DEFAULT '{}',
      system_attrs jsonb NOT NULL DEFAULT '{}',
      next_number integer NOT NULL DEFAULT 0,
      created_at double precision NOT NULL
    )`,
    `CREATE TABLE IF NOT EXISTS ${s}.lrdist_trials (
      study_id bigint NOT NULL REFERENCES ${s}.lrdist_studies (study_id) ON DELETE CASCADE,
      number integer NOT NULL,
      state text NOT NULL CHECK (state IN ('waiting', 'running', 'complete', 'pruned', 'failed')),
      objective_values double precision[],
      params jsonb NOT NULL DEFAULT '[]',
      user_attrs jsonb NOT NULL DEFAULT '{}',
      system_attrs jsonb NOT NULL DEFAULT '{}',
      started_at double precision,
      completed_at double precision,
      heartbeat_at double precision,
      fail_reason text,
      worker_id text,
      PRIMARY KEY (study_id, number)
    )`,
    `CREATE INDEX IF NOT EXISTS lrdist_trials_by_state ON ${s}.lrdist_trials (study_id, state, number)`,
    `CREATE TABLE IF NOT EXISTS ${s}.lrdist_reports (
      study_id bigint NOT NULL,
      number integer NOT NULL,
      step integer NOT NULL,
      report_values double precision[] NOT NULL,
      PRIMARY KEY (study_id, number, step),
      FOREIGN KEY (study_id, number) REFERENCES ${s}.lrdist_trials (study_id, number) ON DELETE CASCADE
    )`,
  ];
}

/** Trial columns plus reports as `[[step, values], ...]` (NaN and infinities arrive as JSON strings). */
export function trialSelect(s: string): string {
  return `SELECT t.number, t.state, t.objective_values, t.params, t.user_attrs, t.system_attrs, t.started_at,
      t.completed_at, t.heartbeat_at, t.fail_reason, t.worker_id,
      COALESCE((SELECT json_agg(json_build_array(r.step, r.report_values) ORDER BY r.step)
                FROM ${s}.lrdist_reports r WHERE r.study_id = t.study_id AND r.number = t.number), '[]'::json) AS reports
    FROM ${s}.lrdist_trials t`;
}
