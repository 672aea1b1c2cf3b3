import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package directory. */
export const packageDir = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** The README's ```ts usage block. */
export function readmeExample(): string {
  const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
  const match = /```ts\n([\s\S]*?)```/.exec(readme);
  if (match?.[1] === undefined) throw new Error('README.md has no ```ts block');
  return match[1];
}
