// Contract suites and test helpers for implementations of the search interfaces: `@lrdist/search/testing`.
export { storageContractCases } from './storage-contract.js';
export type { StorageContractCase, StorageHarness } from './storage-contract.js';
export { startPostgresCluster } from './postgres-cluster.js';
export type { PostgresCluster, PostgresClusterOptions } from './postgres-cluster.js';

// <samplers> (the sampler contract: maintained by the samplers work; keep this block's markers)
export { samplerContractCases, CONTRACT_SPACE, contractHistory, proposeAll } from './sampler-contract.js';
export type { SamplerContractCase, SamplerFactory } from './sampler-contract.js';
// </samplers>
