import { describe, it } from 'vitest';
import { storageContractCases } from '../testing/storage-contract.js';
import { createMemoryStorage } from './memory.js';

describe('memory storage contract', () => {
  for (const c of storageContractCases) it(c.name, () => c.run({ create: () => Promise.resolve(createMemoryStorage()) }));
});
