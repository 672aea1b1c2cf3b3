import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, parse } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const read = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;

/** Where Node would find `name` from `fromDir` (node_modules lookup upwards; pnpm links siblings). */
function resolvePackageDir(fromDir: string, name: string): string | null {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dir === parse(dir).root) return null;
  }
}

/** Every package installed for production use of `dir`: its directory, name and the chain that pulled it in. */
function productionClosure(dir: string): Map<string, { name: string; chain: string }> {
  const seen = new Map<string, { name: string; chain: string }>();
  const queue: [string, string][] = [[realpathSync(dir), read(dir).name]];
  while (queue.length > 0) {
    const [at, chain] = queue.shift() as [string, string];
    const m = read(at);
    const deps = { ...m.dependencies, ...m.optionalDependencies, ...m.peerDependencies };
    for (const dep of Object.keys(deps)) {
      const found = resolvePackageDir(at, dep);
      if (found === null) {
        // Optional and peer dependencies may be absent; a missing hard dependency is a broken install.
        if (m.dependencies?.[dep] !== undefined) throw new Error(`${chain} > ${dep} is not installed`);
        continue;
      }
      if (seen.has(found)) continue;
      seen.set(found, { name: read(found).name, chain: `${chain} > ${dep}` });
      queue.push([found, `${chain} > ${dep}`]);
    }
  }
  return seen;
}

describe('installed production dependency closure', () => {
  it('holds no TensorFlow, and of lrdist only @lrdist/core (itself only zod)', () => {
    const closure = productionClosure(packageDir);
    const entries = [...closure.values()];
    expect(entries.map((e) => e.name)).toContain('zod');
    // Installed here as a devDependency, so the closure (which follows peers) still reaches it.
    expect(entries.map((e) => e.name)).toContain('pg');
    const offending = entries
      .filter((e) => /tensorflow/i.test(e.name) || (/^@lrdist\//.test(e.name) && e.name !== '@lrdist/core'))
      .map((e) => e.chain);
    expect(offending).toEqual([]);
    const core = [...closure].find(([, e]) => e.name === '@lrdist/core');
    expect(Object.keys(read(core![0]).dependencies ?? {})).toEqual(['zod']);
    // Small on purpose: pg and its few helpers, and zod.
    expect(closure.size).toBeLessThan(25);
  });

  it('needs only @lrdist/core and zod: pg is an optional peer dependency, brought by whoever uses PostgreSQL', () => {
    const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as Manifest & {
      peerDependenciesMeta?: Record<string, { optional?: boolean }>;
      devDependencies?: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies ?? {})).toEqual(['@lrdist/core', 'zod']);
    expect(manifest.peerDependencies?.pg).toBeDefined();
    expect(manifest.peerDependenciesMeta?.pg?.optional).toBe(true);
    expect(manifest.devDependencies?.pg).toBeDefined();
  });
});
