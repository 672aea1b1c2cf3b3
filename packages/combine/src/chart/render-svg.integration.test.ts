// Renders the chart in headless Chromium (a real SVG engine) and checks the picture: right size, mostly
// white, every series' colour drawn, the band tint present. Needs `chromium` on PATH (or $CHROMIUM);
// `./scripts/setup --test` installs it. Without it this test fails: it must not skip silently.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { countColour, decodePng } from '../../test/png.js';
import { combine } from '../combine/combine.js';
import { flat, llrd } from '../distribution/generators.js';
import { paperCombined, paperCombinedRounded } from '../distribution/paper-combined.js';
import { OKABE_ITO } from './palette.js';
import { renderDistributionsSvg } from './render-svg.js';

const run = promisify(execFile);

function findChromium(): string {
  const names = process.env.CHROMIUM ? [process.env.CHROMIUM] : ['chromium', 'chromium-browser', 'google-chrome'];
  for (const name of names) {
    if (name.includes('/') && existsSync(name)) return name;
    for (const dir of (process.env.PATH ?? '').split(delimiter)) if (existsSync(join(dir, name))) return join(dir, name);
  }
  throw new Error(`headless Chromium not found (tried ${names.join(', ')} on PATH, or set $CHROMIUM); run ./scripts/setup --test`);
}

describe('renderDistributionsSvg in Chromium', () => {
  it('renders every series, its band and a white background', async () => {
    const chromium = findChromium();
    const dir = await mkdtemp(join(tmpdir(), 'lrdist-chart-'));
    try {
      const combined = combine([paperCombined(), paperCombinedRounded(), llrd(2e-5, 0.8, 12)]);
      const series = [
        { label: 'combined (3 sources)', distribution: combined },
        { label: 'paper combined', distribution: paperCombined() },
        { label: 'flat 2e-5', distribution: flat(2e-5) },
      ];
      await writeFile(join(dir, 'chart.svg'), renderDistributionsSvg(series, { width: 880, height: 520 }));
      await run(
        chromium,
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--no-first-run',
          `--user-data-dir=${join(dir, 'profile')}`,
          `--screenshot=${join(dir, 'chart.png')}`,
          '--window-size=880,520',
          `file://${join(dir, 'chart.svg')}`,
        ],
        { timeout: 90_000 },
      );
      const png = decodePng(await readFile(join(dir, 'chart.png')));
      expect([png.width, png.height]).toEqual([880, 520]);
      const pixels = png.width * png.height;
      expect(countColour(png, '#ffffff', 2) / pixels).toBeGreaterThan(0.6);
      // Lines are 2 px wide over ~500 px plus markers and the legend swatch: well over 300 pixels each.
      for (let i = 0; i < series.length; i++) expect(countColour(png, OKABE_ITO[i] as string, 16)).toBeGreaterThan(300);
      // The band: series 0's blue at 16% opacity over white is about rgb(214, 234, 244).
      expect(countColour(png, '#d6eaf4', 8)).toBeGreaterThan(2000);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
