#!/usr/bin/env node
import { describeError, main } from './cli.js';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`lrdist-bench: ${describeError(error)}\n`);
    process.exit(1);
  },
);
