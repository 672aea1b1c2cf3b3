import { createMedianPruner } from '../../src/pruners/percentile.js';
import type { Storage } from '../../src/storages/storage.js';
import { createStudy } from '../../src/study/create-study.js';

/** A study name that is markup: the dashboard must show it as text. */
export const XSS_NAME = '<img src=x onerror=alert(1)>';
/** A parameter name and an attribute that are markup too. */
export const XSS_PARAM = '<b id="xss-param">p</b>';
export const XSS_ATTR = '<script>alert(2)</script>';

/**
 * Fills a storage with what the dashboard draws: `single` (minimise, log float, int and categorical
 * params, reports with pruned trials, a failed trial), `multi` (two objectives) and a study named
 * {@link XSS_NAME} whose parameter and attribute are markup.
 */
export async function fillDashboardStudies(storage: Storage): Promise<void> {
  const single = await createStudy({ storage, studyName: 'single', seed: 1, pruner: createMedianPruner({ nStartupTrials: 3 }) });
  await single.optimize(
    async (t) => {
      const lr = t.suggestFloat('lr', 1e-5, 1e-1, { log: true });
      const units = t.suggestInt('units', 8, 64);
      const optimizer = t.suggestCategorical('optimizer', ['adam', 'sgd']);
      await t.setUserAttr('note', `units ${units}`);
      let loss = 0;
      for (let step = 1; step <= 5; step++) {
        loss = Math.abs(Math.log10(lr) + 3) + units / 100 + (optimizer === 'sgd' ? 0.3 : 0) + 1 / step;
        await t.report(step, loss);
        if (t.shouldPrune()) t.prune();
      }
      return loss;
    },
    { trials: 12 },
  );
  await single.tell(await single.ask(), undefined, { state: 'failed', failReason: 'out of memory' });

  const multi = await createStudy({ storage, studyName: 'multi', directions: ['minimize', 'maximize'], seed: 2 });
  await multi.optimize(
    (t) => {
      const x = t.suggestFloat('x', 0, 1);
      const y = t.suggestFloat('y', 0, 1);
      return [x * x + y, 1 - (x - 1) * (x - 1) + y / 2];
    },
    { trials: 10 },
  );

  const xss = await createStudy({ storage, studyName: XSS_NAME, seed: 3, userAttrs: { [XSS_ATTR]: XSS_ATTR } });
  for (let i = 0; i < 3; i++) {
    const t = await xss.ask();
    const v = t.suggestCategorical(XSS_PARAM, [XSS_ATTR, 'plain']);
    await t.setUserAttr(XSS_ATTR, XSS_NAME);
    await xss.tell(t, v === 'plain' ? 1 + i : 2 + i);
  }
}
