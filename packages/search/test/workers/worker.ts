/**
 * A worker process for the reliability tests (spawned with `node --import tsx`). Modes:
 *
 *   attrs <journal> <study>                 loops forever: a trial with a big user attribute, told;
 *                                           prints "writing <n>" before the big append and "done <n>"
 *                                           after each tell returned (SIGKILL test)
 *   optimize <storage> <study> <trials> <concurrency> <seed>
 *                                           optimize workerObjective with a history-dependent sampler
 *                                           (seeded), heartbeats on; prints "finished"
 *   hang <storage> <study>                  starts a trial with heartbeats, writes its params, then
 *                                           waits forever (to be SIGKILLed); prints "started <n> <x>"
 */
import { writeSync } from 'node:fs';
import { createGreedySampler } from '../helpers/greedy-sampler.js';
import { workerObjective } from '../helpers/objective.js';
import { createJournalStorage } from '../../src/storages/journal/journal-storage.js';
import { openStorage } from '../../src/storages/open-storage.js';
import { createStudy, loadStudy } from '../../src/study/create-study.js';

const [mode, url, studyName, ...rest] = process.argv.slice(2);
if (url === undefined || studyName === undefined) throw new TypeError('usage: worker.ts <mode> <storage> <study> ...');
const storage = await openStorage(url);
const say = (line: string): void => void process.stdout.write(`${line}\n`);

if (mode === 'attrs') {
  // Small write calls stretch each 4 MB append over many syscalls, so a SIGKILL often lands inside one.
  await storage.close();
  const journal = await createJournalStorage({ path: url.replace(/^journal:/, ''), writeChunkBytes: 4096 });
  const study = await createStudy({ storage: journal, studyName, loadIfExists: true, seed: 1 });
  const big = 'x'.repeat(4 * 1024 * 1024);
  for (;;) {
    const trial = await study.ask();
    trial.suggestFloat('x', 0, 1);
    // Synchronous, so the parent learns at once that a big append is about to start.
    writeSync(1, `writing ${trial.number}\n`);
    await trial.setUserAttr('blob', big);
    await study.tell(trial, trial.number);
    say(`done ${trial.number}`);
  }
} else if (mode === 'optimize') {
  const [trials, concurrency, seed] = rest.map(Number) as [number, number, number];
  const study = await loadStudy({
    storage,
    studyName,
    sampler: createGreedySampler(seed),
    heartbeat: { intervalMs: 200, staleAfterMs: 5_000 },
  });
  await study.optimize(workerObjective, { trials, concurrency });
  say('finished');
} else if (mode === 'hang') {
  const study = await loadStudy({ storage, studyName, heartbeat: { intervalMs: 100, staleAfterMs: 600, onStale: 'requeue' } });
  const trial = await study.ask();
  const x = trial.suggestFloat('x', -5, 5);
  await trial.flush();
  say(`started ${trial.number} ${x}`);
  await new Promise(() => undefined);
} else {
  throw new TypeError(`unknown mode ${String(mode)}`);
}
await storage.close();
