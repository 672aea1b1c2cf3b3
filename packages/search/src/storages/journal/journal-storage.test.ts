import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageContractCases } from '../../testing/storage-contract.js';
import { createJournalStorage, type JournalStorage } from './journal-storage.js';

let dir: string;
let count = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lrdist-journal-contract-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('journal storage contract', () => {
  const harness = {
    create: () => createJournalStorage({ path: join(dir, `j${count++}.jsonl`) }),
    reopen: (s: unknown) => createJournalStorage({ path: (s as JournalStorage).path }),
  };
  for (const c of storageContractCases) it(c.name, () => c.run(harness));
});

describe('journal storage paths', () => {
  it('creates missing parent folders of a new journal', async () => {
    const storage = await createJournalStorage({ path: join(dir, 'nested', 'deeper', 'studies.jsonl') });
    await storage.createStudy({ studyName: 's', directions: ['minimize'], now: 0 });
    expect((await storage.listStudies()).map((s) => s.studyName)).toEqual(['s']);
    await storage.close();
  });
});
