import { fileURLToPath } from 'node:url';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

/**
 * The test layout every package shares (STYLE.md): `unit` runs `*.test.ts` beside the code and in
 * test/; `integration` runs `*.integration.test.ts` (real data, PostgreSQL, spawned processes).
 */
export function packageTestConfig(options: { integrationTimeoutMs?: number; needsData?: boolean } = {}): ViteUserConfig {
  const timeout = options.integrationTimeoutMs ?? 120_000;
  // Integration tests on the real data stop at once, with one line, where it is missing.
  const dataSetup = options.needsData === true ? { globalSetup: [fileURLToPath(new URL('./vitest.data-setup.ts', import.meta.url))] } : {};
  return defineConfig({
    test: {
      projects: [
        {
          test: {
            name: 'unit',
            include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
            exclude: ['**/*.integration.test.ts', '**/node_modules/**'],
          },
        },
        {
          test: {
            name: 'integration',
            include: ['src/**/*.integration.test.ts', 'test/**/*.integration.test.ts'],
            testTimeout: timeout,
            hookTimeout: timeout,
            ...dataSetup,
          },
        },
      ],
    },
  });
}
