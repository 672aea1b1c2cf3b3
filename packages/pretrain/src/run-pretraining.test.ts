import { mkdir, mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { movingAverage, renderLossCurveSvg } from './loss-curve-svg.js';
import { alignCheckpoints } from './run-pretraining.js';

const step = (n: number): string => `step-${String(n).padStart(8, '0')}`;

describe('alignCheckpoints', () => {
  it('resumes every rank from the newest step all ranks saved, dropping newer ones', async () => {
    const root = await mkdtemp(join(tmpdir(), 'align-'));
    const dirs = [join(root, 'rank-0'), join(root, 'rank-1')];
    for (const s of [50, 100, 150]) await mkdir(join(dirs[0]!, step(s)), { recursive: true });
    for (const s of [50, 100]) await mkdir(join(dirs[1]!, step(s)), { recursive: true });
    expect(await alignCheckpoints(dirs)).toBe(100);
    expect((await readdir(dirs[0]!)).sort()).toEqual([step(50), step(100)]);
    expect((await readdir(dirs[1]!)).sort()).toEqual([step(50), step(100)]);
  });

  it('starts over when the ranks share no step', async () => {
    const root = await mkdtemp(join(tmpdir(), 'align-'));
    const dirs = [join(root, 'rank-0'), join(root, 'rank-1')];
    await mkdir(join(dirs[0]!, step(50)), { recursive: true });
    expect(await alignCheckpoints(dirs)).toBe(0);
    expect(await readdir(dirs[0]!)).toEqual([]);
  });
});

describe('loss curve', () => {
  it('smooths with a trailing moving average', () => {
    const pts = [4, 2, 6, 0].map((loss, i) => ({ step: i + 1, loss }));
    expect(movingAverage(pts, 2).map((p) => p.loss)).toEqual([4, 3, 4, 3]);
  });

  it('draws the training line and one marker per held-out point', () => {
    const svg = renderLossCurveSvg({
      train: [
        { step: 1, loss: 9 },
        { step: 2, loss: 8 },
      ],
      heldOut: [
        { step: 0, loss: 10 },
        { step: 2, loss: 7.5 },
      ],
      title: 'a < b',
    });
    expect(svg.match(/class="series train"/g)).toHaveLength(1);
    expect(svg.match(/class="series held-out"/g)).toHaveLength(2);
    expect(svg).toContain('a &lt; b');
  });
});
