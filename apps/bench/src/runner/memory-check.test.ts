import { BERT_PRESETS, WASM_HEAP_LIMIT_BYTES } from '@lrdist/model';
import { describe, expect, it } from 'vitest';
import { checkMemory, describeArchitecture, type MemoryCheckOptions } from './memory-check.js';

const GiB = 2 ** 30;
const base = BERT_PRESETS['bert-base-uncased'];
const at = (batchSize: number, extra: Partial<MemoryCheckOptions> = {}) =>
  checkMemory({ config: base, batchSize, seqLength: 128, numLabels: 2, jobs: 2, gemm: 'native', totalMemoryBytes: 24 * GiB, ...extra });

describe('checkMemory', () => {
  it('refuses bert-base at batch 32 on wasm before any work, naming a batch and a length that fit with room', () => {
    const check = at(32);
    expect(check.level).toBe('error');
    expect(check.line).toMatch(
      /^bert-base needs ~7\.\d GiB of wasm heap per worker at batch 32 x 128 tokens \(weights 418 MiB, gradients 418 MiB, workspace 752 MiB, activations 5\.\d GiB; AdamW moments 835 MiB beside the heap\); 1\d\d% of the wasm heap limit \(4\.0 GiB per worker\), so training would abort; try --batch-size (\d+) or --max-seq-len (\d+)$/,
    );
    const [, batch, length] = /--batch-size (\d+) or --max-seq-len (\d+)$/.exec(check.line)!.map(Number);
    expect(at(batch!).level).toBe('ok');
    expect(at(batch! + 1).level).not.toBe('ok');
    expect(at(32, { seqLength: length! }).level).toBe('ok');
    expect(at(32, { seqLength: length! + 1 }).level).not.toBe('ok');
  });

  it('calls a batch near the heap limit tight, and one well under it ok', () => {
    const tight = at(13);
    expect(tight.level).toBe('warning');
    expect(tight.estimate.heapBytes).toBeLessThan(WASM_HEAP_LIMIT_BYTES);
    expect(tight.line).toMatch(
      /; 9\d% of the wasm heap limit \(4\.0 GiB per worker\): tight, a batch of long examples may abort the worker; with --jobs 2 that is \d+\.\d GiB of 24\.0 GiB: ok$/,
    );
    const ok = at(8);
    expect(ok.level).toBe('ok');
    expect(ok.line).toMatch(
      /^bert-base needs ~3\.0 GiB of wasm heap per worker at batch 8 x 128 tokens \(.*\); 7\d% of the wasm heap limit \(4\.0 GiB per worker\): ok; with --jobs 2 that is 9\.\d GiB of 24\.0 GiB: ok$/,
    );
  });

  it('counts the moments on the heap on the XNNPACK path, and points to the native one', () => {
    const check = at(8, { gemm: 'wasm' });
    expect(check.level).toBe('error');
    expect(check.line).toContain('(weights 418 MiB, gradients 418 MiB, AdamW moments 835 MiB, workspace');
    expect(check.line).toMatch(
      /try --batch-size 1 or --max-seq-len \d+ \(the native GEMM path, which \.\/scripts\/setup builds, needs far less: see the backend line's reason\)$/,
    );
  });

  it('warns when the workers together exceed the machine, suggesting fewer jobs', () => {
    const check = at(4, { jobs: 8 });
    expect(check.level).toBe('warning');
    expect(check.perWorkerBytes).toBe(check.estimate.totalBytes + check.estimate.weightBytes);
    expect(check.line).toMatch(/with --jobs 8 that is \d+\.\d GiB of 24\.0 GiB: exceeds the machine's memory; try --jobs [1-7]$/);
    const fewer = Number(/try --jobs (\d+)/.exec(check.line)![1]);
    expect(at(4, { jobs: fewer }).line).toMatch(/: (ok|tight)$/);
  });

  it('has no heap limit off wasm, and names the architecture', () => {
    const check = at(32, { gemm: null, jobs: 1, totalMemoryBytes: 64 * GiB });
    expect(check.level).toBe('ok');
    expect(check.line).toMatch(/^bert-base needs ~\d+\.\d GiB per worker at batch 32 x 128 tokens \(.*\); with --jobs 1 that is .*: ok$/);
    expect(check.line).not.toContain('wasm');
    expect(describeArchitecture(BERT_PRESETS.mini)).toBe('mini');
    expect(describeArchitecture({ ...base, numLayers: 6 })).toBe('a 6-layer, 768-wide BERT');
  });
});
