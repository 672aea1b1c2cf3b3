import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatBar, formatDuration } from './format.js';
import { ProgressDisplay } from './progress-display.js';

describe('ProgressDisplay', () => {
  it('shows the overall bar with ETA and one line per task', () => {
    let now = 0;
    const display = new ProgressDisplay({ enabled: false, now: () => now });
    display.setOverall('mrpc', 1, 4);
    display.update('w0', { phase: 'B: mrpc', label: 'llrd seed 1', step: 12, totalSteps: 48, loss: 0.51234, etaSeconds: 30 });
    now = 60_000;
    const [head, task] = display.render();
    // a quarter done in 60 s: three quarters left take 180 s
    expect(head).toContain('25%');
    expect(head).toContain('elapsed 1m 00s  ETA 3m 00s');
    expect(task).toContain('B: mrpc');
    expect(task).toContain('llrd seed 1');
    expect(task).toContain('step 12/48  loss 0.5123  ETA 30s');
    display.remove('w0');
    expect(display.render()).toHaveLength(1);
  });

  it('writes nothing but logged lines when disabled (not a TTY, or --json)', () => {
    const stream = new PassThrough() as unknown as NodeJS.WriteStream;
    let written = '';
    (stream as unknown as PassThrough).on('data', (d: Buffer) => (written += d.toString()));
    const display = new ProgressDisplay({ stream, enabled: false });
    display.setOverall('x', 1, 2);
    display.update('a', { phase: 'A', label: 'l', step: 1, totalSteps: 2 });
    display.log('cell flat seed 0 done');
    display.finish();
    expect(written).toBe('cell flat seed 0 done\n');
  });
});

describe('format', () => {
  it('formats durations and bars', () => {
    expect([formatDuration(42.4), formatDuration(187), formatDuration(3720), formatDuration(Number.NaN)]).toEqual([
      '42s',
      '3m 07s',
      '1h 02m',
      '--',
    ]);
    expect(formatBar(0.5, 10)).toBe('[#####.....]');
    expect(formatBar(2, 4)).toBe('[####]');
  });
});
