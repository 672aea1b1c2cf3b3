import { describe, expect, it } from 'vitest';
import { createRng } from '../util/rng.js';
import { applyMlmMasking, IGNORE_LABEL } from './mlm-masking.js';

const options = { maskTokenId: 103, vocabSize: 30522, specialTokenIds: [0, 101, 102] };

describe('applyMlmMasking (BERT recipe)', () => {
  it('selects 15% of ordinary tokens, 80/10/10 mask/random/keep (tolerance 1% over 200k tokens)', () => {
    const n = 200_000;
    const ids = Int32Array.from({ length: n }, (_, i) => 1000 + (i % 5000));
    const { inputIds, labels } = applyMlmMasking(ids, options, createRng(1));
    let selected = 0;
    let masked = 0;
    let kept = 0;
    for (let i = 0; i < n; i++) {
      if (labels[i] === IGNORE_LABEL) {
        expect(inputIds[i]).toBe(ids[i]);
        continue;
      }
      expect(labels[i]).toBe(ids[i]);
      selected++;
      if (inputIds[i] === 103) masked++;
      else if (inputIds[i] === ids[i]) kept++;
    }
    expect(Math.abs(selected / n - 0.15)).toBeLessThan(0.01);
    expect(Math.abs(masked / selected - 0.8)).toBeLessThan(0.01);
    expect(Math.abs(kept / selected - 0.1)).toBeLessThan(0.01);
  }, 30_000); // 200k tokens: a few seconds on a loaded machine

  it('never selects special tokens or padding, and is reproducible from the seed', () => {
    const ids = Int32Array.from({ length: 4000 }, (_, i) => [101, 102, 0, 2000 + i][i % 4]!);
    const mask = Uint8Array.from({ length: 4000 }, (_, i) => (i < 3000 ? 1 : 0));
    const a = applyMlmMasking(ids, options, createRng(9), mask);
    a.labels.forEach((l, i) => {
      if (i % 4 !== 3 || i >= 3000) expect(l).toBe(IGNORE_LABEL);
    });
    expect(applyMlmMasking(ids, options, createRng(9), mask)).toEqual(a);
    expect(applyMlmMasking(ids, options, createRng(10), mask)).not.toEqual(a);
  });
});
