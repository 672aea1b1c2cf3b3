import { packageTestConfig } from '../../vitest.shared.js';

// The CLI's integration tests train real (tiny) models in spawned processes.
export default packageTestConfig({ integrationTimeoutMs: 600_000, needsData: true });
