// Backend selection: tfjs-node-gpu, then tfjs-node, then wasm (XNNPACK), then cpu, or what
// $LRDIST_BACKEND names. tfjs-node(-gpu) are optional dependencies whose native addon is only built
// where a user allows it, so "installed" is not "usable": we look for the addon before importing.
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import './kernels/gradients.js';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { BackendUnavailableError, InvalidOptionsError } from './errors.js';
import { gemmInfo, initGemm, type GemmInfo } from './kernels/native-gemm.js';
import { installNativeKernels } from './kernels/native-kernels.js';

/** A backend lrdist can run on, in the order `auto` tries them. */
export type BackendChoice = 'node-gpu' | 'node' | 'wasm' | 'cpu';

/** Every backend choice, in the order `auto` tries them. */
export const BACKEND_CHOICES: readonly BackendChoice[] = ['node-gpu', 'node', 'wasm', 'cpu'];

/** The backend that was set up, with a one-line description for a CLI to print. */
export interface BackendInfo {
  /** Which of lrdist's choices runs. */
  readonly choice: BackendChoice;
  /** The TensorFlow.js backend name (`tensorflow`, `wasm`, `cpu`). */
  readonly tfBackend: string;
  /** One line, e.g. "wasm (XNNPACK, SIMD, 1 thread); GEMM: OpenBLAS 0.3.21 native, Haswell kernels, 1 thread". */
  readonly description: string;
  /** The matrix-product path: the native OpenBLAS GEMM or XNNPACK's (wasm only; others use their own). */
  readonly gemm?: GemmInfo;
  /** The choices tried before this one and why each could not be used. */
  readonly skipped: readonly { readonly choice: BackendChoice; readonly reason: string }[];
}

/** How a backend package is found and loaded; replaceable in tests. */
export interface BackendModuleLoader {
  /** The folder of an installed package, or undefined when it is not installed. */
  resolvePackageDir(name: string): string | undefined;
  /** Imports a package for its side effect of registering a backend. */
  importPackage(name: string): Promise<unknown>;
}

/** Options of {@link initBackend}. */
export interface InitBackendOptions {
  /** The backend to use, or `auto`. Default: `$LRDIST_BACKEND`, else `auto`. */
  readonly backend?: BackendChoice | 'auto' | string;
  /**
   * Environment to read `LRDIST_BACKEND`, `LRDIST_GEMM` (auto, native, wasm), `LRDIST_GEMM_THREADS`
   * (default 1) and `LRDIST_GEMM_CORE` (OpenBLAS core type, default Haswell) from. Default: `process.env`.
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Package resolution and import. Default: Node's resolver and dynamic `import()`. */
  readonly loader?: BackendModuleLoader;
}

const ALIASES: Readonly<Record<string, BackendChoice | 'auto'>> = {
  auto: 'auto',
  'node-gpu': 'node-gpu',
  gpu: 'node-gpu',
  'tfjs-node-gpu': 'node-gpu',
  'tensorflow-gpu': 'node-gpu',
  node: 'node',
  'tfjs-node': 'node',
  tensorflow: 'node',
  wasm: 'wasm',
  cpu: 'cpu',
};

const NODE_PACKAGES: Readonly<Record<'node-gpu' | 'node', string>> = {
  'node-gpu': '@tensorflow/tfjs-node-gpu',
  node: '@tensorflow/tfjs-node',
};

const requireHere = createRequire(import.meta.url);

/** Node's own resolution of backend packages. */
export const defaultBackendLoader: BackendModuleLoader = {
  resolvePackageDir(name) {
    try {
      return dirname(requireHere.resolve(`${name}/package.json`));
    } catch {
      return undefined;
    }
  },
  importPackage(name) {
    return import(name);
  },
};

/** Parses a backend name as `$LRDIST_BACKEND` or a CLI flag may spell it. */
export function parseBackendChoice(value: string): BackendChoice | 'auto' {
  const choice = ALIASES[value.trim().toLowerCase()];
  if (choice === undefined) {
    throw new InvalidOptionsError(
      `\`LRDIST_BACKEND\` must be one of auto, ${BACKEND_CHOICES.join(', ')} (or tensorflow, tfjs-node, tfjs-node-gpu), got "${value}"`,
    );
  }
  return choice;
}

/**
 * Sets up the TensorFlow.js backend: the one requested, or the first that works in the order
 * node-gpu, node, wasm, cpu. A requested backend that cannot load throws
 * {@link BackendUnavailableError} saying why and what to install.
 */
export async function initBackend(options: InitBackendOptions = {}): Promise<BackendInfo> {
  const env = options.env ?? process.env;
  const raw = options.backend ?? env['LRDIST_BACKEND'];
  const requested = raw === undefined || raw === '' ? 'auto' : parseBackendChoice(raw);
  const loader = options.loader ?? defaultBackendLoader;

  if (requested !== 'auto') {
    const outcome = await trySetup(requested, loader);
    if (!outcome.ok) {
      throw new BackendUnavailableError(requested, `backend \`${requested}\` is unavailable: ${outcome.reason}`, {
        cause: outcome.cause,
      });
    }
    return withGemm({ choice: requested, tfBackend: tf.getBackend(), description: describe(requested), skipped: [] }, env);
  }
  const skipped: { choice: BackendChoice; reason: string }[] = [];
  for (const choice of BACKEND_CHOICES) {
    const outcome = await trySetup(choice, loader);
    if (outcome.ok) {
      return withGemm({ choice, tfBackend: tf.getBackend(), description: describe(choice), skipped }, env);
    }
    skipped.push({ choice, reason: outcome.reason });
  }
  throw new BackendUnavailableError(
    'auto',
    `no TensorFlow.js backend could be set up: ${skipped.map((s) => `${s.choice}: ${s.reason}`).join('; ')}`,
  );
}

/**
 * On wasm, chooses the GEMM path (native OpenBLAS where it loads, else XNNPACK with the reason) and
 * names it in the description: every command's backend line says which GEMM ran.
 */
function withGemm(info: BackendInfo, env: Readonly<Record<string, string | undefined>>): BackendInfo {
  if (info.choice !== 'wasm') return info;
  installNativeKernels();
  const gemm = initGemm(env);
  return { ...info, gemm, description: describe('wasm') };
}

function describeGemm(gemm: GemmInfo): string {
  if (gemm.path === 'native') return `GEMM: ${gemm.description}`;
  return `GEMM: ${gemm.description}` + (gemm.fallbackReason === undefined ? '' : ` (native GEMM unavailable: ${gemm.fallbackReason})`);
}

/** One line naming the active backend, for a CLI to print at start. */
export function describeActiveBackend(): string {
  const name = tf.getBackend();
  if (name === 'wasm') return describe('wasm');
  if (name === 'cpu') return describe('cpu');
  if (name === 'tensorflow') return 'tensorflow (tfjs-node)';
  return name;
}

type SetupOutcome = { ok: true } | { ok: false; reason: string; cause?: unknown };

type ProcessListener = (...args: unknown[]) => void;

/** The process's uncaughtException and unhandledRejection handlers. */
function processListeners(): ProcessListener[] {
  return [...process.listeners('uncaughtException'), ...process.listeners('unhandledRejection')] as ProcessListener[];
}

/**
 * The wasm module's Emscripten runtime adds process handlers that rethrow any uncaught error from
 * inside its minified source, so a script's own error is printed under a screen of that source.
 * Node's default handling (the error and its stack, exit code 1) is the same outcome, told plainly.
 */
function dropListenersSince(before: readonly ProcessListener[]): void {
  for (const listener of process.listeners('uncaughtException') as ProcessListener[]) {
    if (!before.includes(listener)) process.off('uncaughtException', listener);
  }
  for (const listener of process.listeners('unhandledRejection') as ProcessListener[]) {
    if (!before.includes(listener)) process.off('unhandledRejection', listener);
  }
}

async function trySetup(choice: BackendChoice, loader: BackendModuleLoader): Promise<SetupOutcome> {
  if (choice === 'wasm' || choice === 'cpu') {
    try {
      if (choice === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
      const before = processListeners();
      const ok = await tf.setBackend(choice);
      await tf.ready();
      if (choice === 'wasm') dropListenersSince(before);
      // The cpu backend greets its first write in Node with an advert for tfjs-node; a caller who
      // chose it (or reached it by fallback, which initBackend reports) gains nothing from it.
      if (ok && choice === 'cpu') (tf.backend() as { firstUse?: boolean }).firstUse = false;
      return ok ? { ok: true } : { ok: false, reason: `TensorFlow.js could not initialise the ${choice} backend` };
    } catch (cause) {
      return { ok: false, reason: `initialising ${choice} failed: ${messageOf(cause)}`, cause };
    }
  }
  const pkg = NODE_PACKAGES[choice];
  const dir = loader.resolvePackageDir(pkg);
  if (dir === undefined) {
    return { ok: false, reason: `${pkg} is not installed; add it with \`pnpm add ${pkg}@4.22.0\`` };
  }
  if (!hasNativeAddon(dir)) {
    return {
      ok: false,
      reason:
        `${pkg} is installed but its native addon was never built (pnpm runs no install script unless allowed): ` +
        `set '${pkg}': true under allowBuilds in pnpm-workspace.yaml, then run \`pnpm install\`` +
        (choice === 'node-gpu' ? ' on a machine with CUDA 11.2 and cuDNN 8.1' : ''),
    };
  }
  try {
    await loader.importPackage(pkg);
  } catch (cause) {
    return {
      ok: false,
      reason:
        `loading ${pkg} failed: ${messageOf(cause)}` +
        (choice === 'node-gpu' ? ' (it needs CUDA 11.2 and cuDNN 8.1 libraries on the library path)' : ''),
      cause,
    };
  }
  if (tf.findBackend('tensorflow') === null && tf.findBackendFactory('tensorflow') === null) {
    return {
      ok: false,
      reason: `${pkg} loaded but registered no 'tensorflow' backend with this copy of @tensorflow/tfjs-core (two copies installed?)`,
    };
  }
  try {
    const ok = await tf.setBackend('tensorflow');
    return ok ? { ok: true } : { ok: false, reason: `TensorFlow.js could not initialise ${pkg}` };
  } catch (cause) {
    return { ok: false, reason: `initialising ${pkg} failed: ${messageOf(cause)}`, cause };
  }
}

function hasNativeAddon(dir: string): boolean {
  const lib = join(dir, 'lib');
  if (!existsSync(lib)) return false;
  try {
    return readdirSync(lib).some((d) => d.startsWith('napi-v') && existsSync(join(lib, d, 'tfjs_binding.node')));
  } catch {
    return false;
  }
}

function describe(choice: BackendChoice): string {
  switch (choice) {
    case 'node-gpu':
      return 'tensorflow (tfjs-node-gpu, CUDA)';
    case 'node':
      return 'tensorflow (tfjs-node, native CPU)';
    case 'wasm': {
      const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
      const threads = getThreadsCount();
      return `wasm (XNNPACK, ${simd ? 'SIMD' : 'no SIMD'}, ${threads} thread${threads === 1 ? '' : 's'}); ${describeGemm(gemmInfo())}`;
    }
    case 'cpu':
      return 'cpu (plain JavaScript, slow: install tfjs-node or use wasm)';
  }
}

function messageOf(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0] ?? text;
}
