import { describe, expect, it } from 'vitest';
import { BoundedCache } from './bounded-cache.js';

describe('BoundedCache', () => {
  it('holds at most its capacity and forgets the oldest insertion first', () => {
    const cache = new BoundedCache<number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c'), cache.size]).toEqual([undefined, 2, 3, 2]);
  });

  it('keeps nothing with capacity 0 and empties on clear', () => {
    const off = new BoundedCache<number>(0);
    off.set('a', 1);
    expect([off.get('a'), off.size]).toEqual([undefined, 0]);
    const cache = new BoundedCache<number>(3);
    cache.set('a', 1);
    cache.clear();
    expect(cache.size).toBe(0);
  });
});
