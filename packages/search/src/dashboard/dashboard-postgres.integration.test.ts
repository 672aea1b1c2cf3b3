import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillDashboardStudies, XSS_NAME } from '../../test/helpers/dashboard-studies.js';
import { createPostgresStorage } from '../storages/postgres/postgres-storage.js';
import type { Storage } from '../storages/storage.js';
import { loadStudy } from '../study/create-study.js';
import { startPostgresCluster, type PostgresCluster } from '../testing/postgres-cluster.js';
import type { DashboardStudy, DashboardStudyList } from './dashboard-data.js';
import { startDashboard, type Dashboard } from './dashboard-server.js';

let cluster: PostgresCluster;
let writer: Storage;
let dashboard: Dashboard;
beforeAll(async () => {
  cluster = await startPostgresCluster();
  writer = await createPostgresStorage({ connectionString: cluster.connectionString });
  await fillDashboardStudies(writer);
  dashboard = await startDashboard({ storageUrl: cluster.connectionString, port: 0 });
}, 60_000);
afterAll(async () => {
  await dashboard?.close();
  await writer?.close();
  await cluster?.stop();
});

describe('dashboard over PostgreSQL (throwaway cluster)', () => {
  it('serves the studies and sees a trial told by another connection on the next request', async () => {
    const list = (await (await fetch(`${dashboard.url}api/studies`)).json()) as DashboardStudyList;
    expect(list.studies.map((s) => s.name)).toEqual(['single', 'multi', XSS_NAME]);
    const url = `${dashboard.url}api/studies/single`;
    const before = (await (await fetch(url)).json()) as DashboardStudy;
    expect(before.trials).toHaveLength(13);
    expect(before.importance.status).toBe('ok');

    const study = await loadStudy({ storage: writer, studyName: 'single' });
    const trial = await study.ask();
    trial.suggestFloat('lr', 1e-5, 1e-1, { log: true });
    await study.tell(trial, 0.5);
    const after = (await (await fetch(url)).json()) as DashboardStudy;
    expect(after.trials.at(-1)).toMatchObject({ number: trial.number, state: 'complete', values: [0.5] });
  });
});
