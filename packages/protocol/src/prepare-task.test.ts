import { resolveGlueTask } from '@lrdist/glue';
import { describe, expect, it } from 'vitest';
import { majorityAndCollapse } from './prepare-task.js';

describe('majorityAndCollapse', () => {
  it("scores a constant prediction of the most frequent label in the task's headline metric (exact on small cases)", () => {
    // SST-2 (accuracy): labels 1, 1, 0 -> always 1 gets 2/3.
    expect(majorityAndCollapse(resolveGlueTask('sst2'), [1, 0, 0], [1, 1, 0])).toEqual({ majority: 2 / 3, collapsed: false });
    // CoLA (MCC): a constant prediction has MCC 0.
    expect(majorityAndCollapse(resolveGlueTask('cola'), [1, 1, 1, 1], [1, 0, 1, 1])).toEqual({ majority: 0, collapsed: true });
    // MRPC (mean of F1 and accuracy): always 1 on labels 1, 1, 1, 0 -> F1 6/7, accuracy 3/4.
    const mrpc = majorityAndCollapse(resolveGlueTask('mrpc'), [0, 1, 0, 1], [1, 1, 1, 0]);
    expect(mrpc.collapsed).toBe(false);
    expect(Math.abs(mrpc.majority - (6 / 7 + 3 / 4) / 2)).toBeLessThan(1e-12);
  });

  it('takes the smaller label when two are equally frequent', () => {
    // Always 0 on labels 0, 1: accuracy 1/2 either way, but the choice is fixed.
    expect(majorityAndCollapse(resolveGlueTask('rte'), [0, 0], [0, 1])).toEqual({ majority: 0.5, collapsed: true });
  });
});
