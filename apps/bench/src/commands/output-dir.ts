import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { hashConfig } from '@lrdist/model';

/**
 * The folder of a run: `--out`, else the newest `runs/*-<task>` folder that holds results of this
 * very configuration (so the same command resumes, whatever the date), else `runs/<date>-<task>`
 * (with a numeric suffix when that name is taken by another configuration).
 */
export async function chooseOutputDir(options: {
  cwd: string;
  out: string | undefined;
  task: string;
  config: Record<string, unknown>;
  now?: Date;
}): Promise<{ dir: string; resumed: boolean }> {
  if (options.out !== undefined) return { dir: resolve(options.cwd, options.out), resumed: false };
  const runs = resolve(options.cwd, 'runs');
  const hash = hashConfig(options.config);
  const names = await readdir(runs).catch(() => [] as string[]);
  const matches: { dir: string; mtime: number }[] = [];
  for (const name of names.filter((n) => n.endsWith(`-${options.task}`) || n.includes(`-${options.task}-`))) {
    const file = join(runs, name, 'results.json');
    try {
      const json = JSON.parse(await readFile(file, 'utf8')) as { configHash?: unknown };
      if (json.configHash === hash) matches.push({ dir: join(runs, name), mtime: (await stat(file)).mtimeMs });
    } catch {
      // Not a results folder of ours: ignore.
    }
  }
  matches.sort((a, b) => b.mtime - a.mtime);
  if (matches[0] !== undefined) return { dir: matches[0].dir, resumed: true };
  const date = (options.now ?? new Date()).toISOString().slice(0, 10);
  for (let i = 1; ; i++) {
    const dir = join(runs, i === 1 ? `${date}-${options.task}` : `${date}-${options.task}-${i}`);
    const taken = await stat(join(dir, 'results.json')).then(
      () => true,
      () => false,
    );
    if (!taken) return { dir, resumed: false };
  }
}
