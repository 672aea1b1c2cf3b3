// Prints the backend line initBackend gives (wasm) and exits; errors go to stderr with exit 2.
// Spawned by tests that check what a command prints under a given environment.
import { initBackend } from '../src/backend.js';

try {
  console.log((await initBackend({ backend: 'wasm' })).description);
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 2;
}
