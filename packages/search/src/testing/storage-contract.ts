/**
 * The contract every `Storage` keeps (see `storages/storage.ts`), as framework-free async checks that
 * throw `AssertionError` (node:assert) on a violation; run each case from any test runner:
 * `for (const c of storageContractCases) it(c.name, () => c.run(harness))`.
 *
 * Checked: study creation, listing, attributes and deletion; gap-free trial numbers; enqueue and FIFO
 * claims; concurrent starts and claims (through a second handle where the backend has one) never
 * duplicate a number or a claim; params, reports (NaN and infinities included) and attributes with
 * their validation; all-or-nothing updates; final states written once; release; stale-trial reaping
 * (fail and requeue); queries; the errors each misuse raises; persistence across handles.
 */
import { storageCasesBasic } from './storage-contract-basic.js';
import { storageCasesConcurrency } from './storage-contract-concurrency.js';
import { storageCasesTrials } from './storage-contract-trials.js';

import type { StorageContractCase } from './storage-contract-helpers.js';

export type { StorageContractCase, StorageHarness } from './storage-contract-helpers.js';

/** Every case of the storage contract. */
export const storageContractCases: readonly StorageContractCase[] = [
  ...storageCasesBasic,
  ...storageCasesTrials,
  ...storageCasesConcurrency,
];
