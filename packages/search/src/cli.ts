#!/usr/bin/env node
/** The `lrdist-search` command: list studies, show best trials and Pareto fronts, export trials, serve a live dashboard. */
import { runCli } from './cli/run-cli.js';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
});
