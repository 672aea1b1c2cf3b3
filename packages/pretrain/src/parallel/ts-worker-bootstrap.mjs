// Runs a TypeScript worker module from source (tests, tsx runs): registers tsx's loader in this
// thread, then imports the module. The built CLI starts its .js workers directly instead.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.lrdistWorkerModule);
