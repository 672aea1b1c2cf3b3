import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend, parseBackendChoice, type BackendModuleLoader } from './backend.js';
import { BackendUnavailableError, InvalidOptionsError } from './errors.js';

const absent: BackendModuleLoader = { resolvePackageDir: () => undefined, importPackage: () => Promise.reject(new Error('no')) };

/** A fake installed package with a built addon whose import fails like a missing CUDA library. */
function brokenAddon(): BackendModuleLoader {
  const dir = mkdtempSync(join(tmpdir(), 'lrdist-tfjs-node-'));
  mkdirSync(join(dir, 'lib', 'napi-v8'), { recursive: true });
  writeFileSync(join(dir, 'lib', 'napi-v8', 'tfjs_binding.node'), '');
  return {
    resolvePackageDir: () => dir,
    importPackage: () => Promise.reject(new Error('libcudnn.so.8: cannot open shared object file')),
  };
}

afterAll(async () => {
  await initBackend({ backend: 'wasm' });
});

describe('initBackend', () => {
  it("leaves the process's error handling as it was (the wasm runtime's rethrowing handlers are dropped)", async () => {
    const count = (): number => process.listenerCount('uncaughtException') + process.listenerCount('unhandledRejection');
    const before = count();
    const info = await initBackend({ backend: 'wasm' });
    expect(info.choice).toBe('wasm');
    expect(count()).toBe(before);
  });

  it('falls back to wasm here: tfjs-node(-gpu) are installed without their native addon', async () => {
    const info = await initBackend({ env: {} });
    expect(info.choice).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(info.description).toMatch(/^wasm \(XNNPACK, SIMD, 1 thread\); GEMM: /);
    expect(info.skipped.map((s) => s.choice)).toEqual(['node-gpu', 'node']);
    expect(info.skipped[0]!.reason).toMatch(/allowBuilds in pnpm-workspace.yaml.*CUDA 11.2 and cuDNN 8.1/);
  });

  it('honours LRDIST_BACKEND', async () => {
    const info = await initBackend({ env: { LRDIST_BACKEND: 'cpu' } });
    expect(info).toMatchObject({ choice: 'cpu', tfBackend: 'cpu', skipped: [] });
    expect(tf.getBackend()).toBe('cpu');
  });

  it('throws a typed error saying what to install when the requested backend is missing', async () => {
    await expect(initBackend({ backend: 'node', loader: absent })).rejects.toThrow(BackendUnavailableError);
    await expect(initBackend({ backend: 'node', loader: absent })).rejects.toThrow(/pnpm add @tensorflow\/tfjs-node@4.22.0/);
    await expect(initBackend({ env: { LRDIST_BACKEND: 'tensorflow' } })).rejects.toMatchObject({
      code: 'BACKEND_UNAVAILABLE',
      backend: 'node',
    });
  });

  it('reports why an installed addon failed to load', async () => {
    const error = await initBackend({ backend: 'node-gpu', loader: brokenAddon() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as Error).message).toMatch(/libcudnn\.so\.8.*CUDA 11\.2 and cuDNN 8\.1/);
  });

  it('parses aliases and rejects unknown names', () => {
    expect(['gpu', 'tfjs-node', 'WASM', ' auto '].map(parseBackendChoice)).toEqual(['node-gpu', 'node', 'wasm', 'auto']);
    expect(() => parseBackendChoice('tpu')).toThrow(InvalidOptionsError);
  });
});
