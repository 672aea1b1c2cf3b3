import { describe, expect, it } from 'vitest';
import { GLUE_TASKS, GLUE_TASK_NAMES, glueDevSplits, glueNumLabels, glueTaskSpec, isClassificationTask } from './glue-tasks.js';

describe('GLUE_TASKS', () => {
  it('holds exactly the nine GLUE tasks under their canonical names', () => {
    expect(Object.keys(GLUE_TASKS).sort()).toEqual([...GLUE_TASK_NAMES].sort());
    expect(GLUE_TASK_NAMES).toHaveLength(9);
    expect(GLUE_TASK_NAMES.map((t) => GLUE_TASKS[t].dir)).toEqual(['CoLA', 'SST-2', 'MRPC', 'STS-B', 'QQP', 'MNLI', 'QNLI', 'RTE', 'WNLI']);
  });

  it.each(GLUE_TASK_NAMES)('%s has consistent layouts, labels and metrics', (task) => {
    const spec = glueTaskSpec(task);
    const layouts = [spec.train, ...Object.values(spec.dev)];
    expect(Object.keys(spec.dev).length).toBeGreaterThan(0);
    for (const layout of layouts) {
      const used = [layout.text, layout.label, ...(layout.textPair === undefined ? [] : [layout.textPair])];
      for (const column of used) expect(column).toBeLessThan(layout.columns);
      expect(new Set(used).size).toBe(used.length);
      expect(layout.textPair !== undefined).toBe(spec.textFields.length === 2);
      expect(layout.names.textPair !== undefined).toBe(layout.textPair !== undefined);
    }
    if (spec.labels.kind === 'classification') {
      expect(new Set(spec.labels.values).size).toBe(spec.labels.values.length);
      expect(spec.labels.names).toHaveLength(spec.labels.values.length);
      expect(spec.metrics).toContain('accuracy');
    }
    const needed = {
      accuracy: ['accuracy'],
      mcc: ['mcc'],
      'mean-f1-accuracy': ['f1', 'accuracy'],
      'mean-pearson-spearman': ['pearson', 'spearman'],
    }[spec.headline];
    for (const metric of needed) expect(spec.metrics).toContain(metric);
  });

  it('records the GLUE headline metric of each task', () => {
    const headlines = Object.fromEntries(GLUE_TASK_NAMES.map((t) => [t, GLUE_TASKS[t].headline]));
    expect(headlines).toEqual({
      cola: 'mcc',
      sst2: 'accuracy',
      mrpc: 'mean-f1-accuracy',
      stsb: 'mean-pearson-spearman',
      qqp: 'mean-f1-accuracy',
      mnli: 'accuracy',
      qnli: 'accuracy',
      rte: 'accuracy',
      wnli: 'accuracy',
    });
  });

  it("pairs every task, as B, with a default task A of another kind (the paper's SST-2 <-> MRPC among them)", () => {
    for (const name of GLUE_TASK_NAMES) {
      const original = GLUE_TASKS[name].defaultOriginal;
      expect(GLUE_TASK_NAMES).toContain(original);
      expect(original).not.toBe(name);
    }
    expect([GLUE_TASKS.mrpc.defaultOriginal, GLUE_TASKS.sst2.defaultOriginal, GLUE_TASKS.cola.defaultOriginal]).toEqual([
      'sst2',
      'mrpc',
      'rte',
    ]);
  });

  it('knows the layouts that differ from the plain ones', () => {
    expect(GLUE_TASKS.cola.train.header).toBe(false);
    expect(GLUE_TASKS.cola.dev.dev.header).toBe(false);
    expect(GLUE_TASKS.stsb.train.columns).toBe(10);
    expect(GLUE_TASKS.mnli.train).toMatchObject({ columns: 12, label: 11 });
    expect(GLUE_TASKS.mnli.dev.mismatched).toMatchObject({
      file: 'dev_mismatched.tsv',
      columns: 16,
      label: 15,
    });
    expect(glueDevSplits('mnli')).toEqual(['matched', 'mismatched']);
    expect(glueDevSplits('rte')).toEqual(['dev']);
  });

  it('counts labels and tells regression from classification', () => {
    expect(glueNumLabels('mnli')).toBe(3);
    expect(glueNumLabels('mrpc')).toBe(2);
    expect(glueNumLabels('stsb')).toBe(1);
    expect(isClassificationTask('stsb')).toBe(false);
    expect(isClassificationTask('cola')).toBe(true);
  });
});
