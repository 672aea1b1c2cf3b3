import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { SearchError, StorageError } from '../../errors.js';

/** Transient conflicts PostgreSQL asks the client to retry: serialization failure, deadlock. */
const RETRYABLE = new Set(['40001', '40P01']);

/** A pg error as a StorageError (domain errors thrown inside a transaction pass through). */
export function wrapPgError(error: unknown, what: string): Error {
  if (error instanceof SearchError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new StorageError(`PostgreSQL ${what} failed: ${message}`, { cause: error });
}

/** One statement outside a transaction. */
export async function runQuery(
  pool: Pool,
  what: string,
  text: string,
  values: unknown[],
): Promise<{ rows: QueryResultRow[]; rowCount: number | null }> {
  try {
    return await pool.query(text, values);
  } catch (error) {
    throw wrapPgError(error, what);
  }
}

/** `body` in a transaction (READ COMMITTED; row locks do the rest), retried on deadlock or serialization failure. */
export async function runTransaction<T>(pool: Pool, what: string, body: (c: PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    let client: PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      throw wrapPgError(error, what);
    }
    try {
      await client.query('BEGIN');
      const result = await body(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && RETRYABLE.has(code) && attempt < 5) continue;
      throw wrapPgError(error, what);
    } finally {
      client.release();
    }
  }
}
