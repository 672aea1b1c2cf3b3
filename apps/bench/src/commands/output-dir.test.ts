import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashConfig } from '@lrdist/model';
import { chooseOutputDir } from './output-dir.js';

describe('chooseOutputDir', () => {
  it('resumes the newest runs/*-<task> folder of the same configuration, whatever its date', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'bench-out-'));
    const config = { task: 'mrpc', epochs: 3 };
    await mkdir(join(cwd, 'runs', '2026-01-01-mrpc'), { recursive: true });
    await writeFile(join(cwd, 'runs', '2026-01-01-mrpc', 'results.json'), JSON.stringify({ configHash: hashConfig(config) }));
    await mkdir(join(cwd, 'runs', '2026-01-02-mrpc'), { recursive: true });
    await writeFile(join(cwd, 'runs', '2026-01-02-mrpc', 'results.json'), JSON.stringify({ configHash: 'other' }));
    const now = new Date('2026-03-04T10:00:00Z');
    expect(await chooseOutputDir({ cwd, out: undefined, task: 'mrpc', config, now })).toEqual({
      dir: join(cwd, 'runs', '2026-01-01-mrpc'),
      resumed: true,
    });
    // Another configuration gets a new dated folder; a taken name gets a suffix.
    await mkdir(join(cwd, 'runs', '2026-03-04-mrpc'), { recursive: true });
    await writeFile(join(cwd, 'runs', '2026-03-04-mrpc', 'results.json'), JSON.stringify({ configHash: 'x' }));
    expect(await chooseOutputDir({ cwd, out: undefined, task: 'mrpc', config: { other: true }, now })).toEqual({
      dir: join(cwd, 'runs', '2026-03-04-mrpc-2'),
      resumed: false,
    });
    expect(await chooseOutputDir({ cwd, out: 'x/y', task: 'mrpc', config, now })).toEqual({ dir: join(cwd, 'x', 'y'), resumed: false });
  });
});
