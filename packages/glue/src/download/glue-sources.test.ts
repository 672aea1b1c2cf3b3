import { describe, expect, it } from 'vitest';
import { GLUE_TASKS, GLUE_TASK_NAMES } from '../tasks/glue-tasks.js';
import { GLUE_BASE_URL, GLUE_SOURCES } from './glue-sources.js';

const SHA256 = /^[0-9a-f]{64}$/;

describe('GLUE_SOURCES', () => {
  it.each(GLUE_TASK_NAMES)('%s yields exactly the files the registry reads', (task) => {
    const spec = GLUE_TASKS[task];
    const wanted = [spec.train.file, ...Object.values(spec.dev).map((d) => d.file)].sort();
    expect(Object.keys(GLUE_SOURCES[task].files).sort()).toEqual(wanted);
  });

  it('pins every archive, and the TSVs of the four tasks lrdist ships figures for', () => {
    for (const task of GLUE_TASK_NAMES) {
      const source = GLUE_SOURCES[task];
      const remotes = source.kind === 'zip' ? [source.archive] : [source.corpus, source.devIds];
      for (const remote of remotes) {
        expect(remote.sha256).toMatch(SHA256);
        expect(remote.path.startsWith('/')).toBe(true);
      }
      const pinned = Object.values(source.files).filter((h) => h !== null);
      expect(pinned.length).toBe(['cola', 'mrpc', 'rte', 'sst2'].includes(task) ? Object.keys(source.files).length : 0);
      for (const hash of pinned) expect(hash).toMatch(SHA256);
    }
    expect(GLUE_BASE_URL).toBe('https://dl.fbaipublicfiles.com');
    expect(GLUE_SOURCES.mrpc.kind).toBe('mrpc');
  });
});
