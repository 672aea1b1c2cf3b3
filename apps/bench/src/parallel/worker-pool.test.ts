import { describe, expect, it } from 'vitest';
import { WorkerPool } from './worker-pool.js';

const echo = new URL('../../test/echo-test-worker', import.meta.url);

describe('WorkerPool', () => {
  it('starts no more workers than jobs were waiting, however large its size', async () => {
    const pool = new WorkerPool<{ value: number }, { value: number }, never>({ size: 8, module: echo });
    try {
      expect(pool.started).toBe(0);
      const results = await Promise.all([1, 2, 3].map((value) => pool.run({ value })));
      expect(results.map((r) => r.value)).toEqual([1, 2, 3]);
      expect(pool.started).toBe(3);
      // Later jobs reuse the idle workers.
      await Promise.all([4, 5].map((value) => pool.run({ value })));
      expect(pool.started).toBe(3);
    } finally {
      await pool.close();
    }
  });

  it('never starts more than its size', async () => {
    const pool = new WorkerPool<{ value: number }, { value: number }, never>({ size: 2, module: echo });
    try {
      const results = await Promise.all([1, 2, 3, 4, 5].map((value) => pool.run({ value })));
      expect(results.map((r) => r.value)).toEqual([1, 2, 3, 4, 5]);
      expect(pool.started).toBe(2);
    } finally {
      await pool.close();
    }
  });
});
