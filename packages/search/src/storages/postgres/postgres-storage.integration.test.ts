import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgresCluster, type PostgresCluster } from '../../testing/postgres-cluster.js';
import { storageContractCases } from '../../testing/storage-contract.js';
import type { Storage } from '../storage.js';
import { createPostgresStorage } from './postgres-storage.js';

let cluster: PostgresCluster;
let schemas = 0;
const schemaOf = new WeakMap<Storage, string>();

beforeAll(async () => {
  cluster = await startPostgresCluster();
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
});

describe('PostgreSQL storage contract (throwaway cluster)', () => {
  const harness = {
    async create(): Promise<Storage> {
      const schema = `contract_${schemas++}`;
      const s = await createPostgresStorage({ connectionString: cluster.connectionString, schema });
      schemaOf.set(s, schema);
      return s;
    },
    async reopen(s: Storage): Promise<Storage> {
      return createPostgresStorage({ connectionString: cluster.connectionString, schema: schemaOf.get(s) as string });
    },
  };
  for (const c of storageContractCases) it(c.name, () => c.run(harness));
});

describe('PostgreSQL storage', () => {
  it('creates its tables idempotently when many workers open it at once', async () => {
    const opened = await Promise.all(
      Array.from({ length: 6 }, () => createPostgresStorage({ connectionString: cluster.connectionString, schema: 'racing_open' })),
    );
    await opened[0]?.createStudy({ studyName: 's', directions: ['minimize'], now: 1 });
    expect((await opened[5]?.listStudies())?.map((s) => s.studyName)).toEqual(['s']);
    await Promise.all(opened.map((s) => s.close()));
  });

  it('reports an unreachable server as a StorageError and a bad schema name as InvalidOptionsError', async () => {
    await expect(createPostgresStorage({ connectionString: 'postgres://postgres@127.0.0.1:1/none' })).rejects.toMatchObject({
      code: 'STORAGE',
    });
    await expect(createPostgresStorage({ connectionString: cluster.connectionString, schema: 'x; drop' })).rejects.toThrow(
      /`schema` must be a plain SQL identifier/,
    );
  });
});
