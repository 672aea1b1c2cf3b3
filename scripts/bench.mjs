#!/usr/bin/env node
// `pnpm bench ...` at the root: the forgetting benchmark (apps/bench). Until that app exists, say so
// plainly instead of failing with a missing-module trace.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const app = join(root, 'apps', 'bench');
if (!existsSync(join(app, 'package.json'))) {
  console.error(
    'lrdist: the forgetting benchmark (apps/bench) is not built yet in this checkout.\n' +
      'It lands with issue "apps/bench: the forgetting benchmark"; until then `pnpm test` runs what exists.',
  );
  process.exit(2);
}
const build = spawnSync('pnpm', ['exec', 'turbo', 'run', 'build', '--filter=@lrdist/bench...', '--output-logs=errors-only'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (build.status !== 0) process.exit(build.status ?? 1);
const run = spawnSync(process.execPath, [join(app, 'dist', 'bin.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
