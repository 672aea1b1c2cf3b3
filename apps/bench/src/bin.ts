#!/usr/bin/env node
import { describeError, main } from './cli.js';

// exitCode, not exit(): the process ends once stdout and stderr have drained, so no output is cut.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`lrdist-bench: ${describeError(error)}\n`);
    process.exitCode = 1;
  },
);
