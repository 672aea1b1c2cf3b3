import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GLUE_TASKS, GLUE_TASK_NAMES } from '../tasks/glue-tasks.js';
import { loadGlueTask } from './load-glue-task.js';

// Hand-written fixtures, one small train and dev file per task in GLUE's layout (test/fixtures/glue).
const FIXTURES = fileURLToPath(new URL('../../test/fixtures/glue', import.meta.url));
const isolated = { dataDir: FIXTURES, env: {}, cwd: '/nonexistent', homeDir: '/nonexistent' };

const EXPECTED: Record<string, { train: number; dev: number; labels: number[] }> = {
  cola: { train: 6, dev: 3, labels: [1, 0, 1] },
  sst2: { train: 5, dev: 2, labels: [0, 1] },
  mrpc: { train: 4, dev: 2, labels: [1, 0] },
  stsb: { train: 5, dev: 2, labels: [5, 4.75] },
  qqp: { train: 5, dev: 3, labels: [0, 0, 1] },
  mnli: { train: 8, dev: 3, labels: [0, 2, 1] },
  qnli: { train: 4, dev: 2, labels: [0, 1] },
  rte: { train: 4, dev: 2, labels: [1, 0] },
  wnli: { train: 4, dev: 2, labels: [0, 1] },
};

describe('loadGlueTask on the fixtures', () => {
  it.each(GLUE_TASK_NAMES)('loads %s in its GLUE layout', async (task) => {
    const data = await loadGlueTask({ ...isolated, task });
    const expected = EXPECTED[task];
    expect(data.source).toBe('option');
    expect(data.taskDir).toBe(`${FIXTURES}/${GLUE_TASKS[task].dir}`);
    expect(data.train).toHaveLength(expected?.train ?? -1);
    expect(data.dev.map((e) => e.label)).toEqual(expected?.labels);
    expect(data.skipped).toEqual({ train: { count: 0, reasons: [] }, dev: { count: 0, reasons: [] } });
    const pair = GLUE_TASKS[task].textFields.length === 2;
    for (const example of [...data.train, ...data.dev]) {
      expect(example.text.length).toBeGreaterThan(0);
      expect(example.textPair !== undefined).toBe(pair);
    }
  });

  it('keeps quirks: MRPC BOM, CoLA without header or final newline, stray quotes, SST-2 CRLF', async () => {
    const mrpc = await loadGlueTask({ ...isolated, task: 'mrpc' });
    expect(mrpc.train[0]).toEqual({
      line: 2,
      text: 'The council approved the budget on Tuesday.',
      textPair: 'On Tuesday the council passed the "budget".',
      label: 1,
    });
    const cola = await loadGlueTask({ ...isolated, task: 'cola' });
    expect(cola.dev.at(-1)).toEqual({ line: 3, text: 'They left early.', label: 1 });
    const qqp = await loadGlueTask({ ...isolated, task: 'qqp' });
    expect(qqp.train.at(-1)?.text).toBe('What does "the "best" mean?');
    const sst2 = await loadGlueTask({ ...isolated, task: 'sst-2' });
    expect(sst2.dev[1]?.text).toBe('a clever , funny , tender picture . ');
  });

  it('reads MNLI mismatched dev for mnli-mm', async () => {
    const data = await loadGlueTask({ ...isolated, task: 'mnli-mm' });
    expect(data.ref).toEqual({ task: 'mnli', dev: 'mismatched' });
    expect(data.dev.map((e) => e.label)).toEqual([2, 0]);
    expect(data.dev[1]?.textPair).toBe('The answer is unrelated to the weather.');
  });
});
