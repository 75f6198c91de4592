#!/usr/bin/env node
import { run } from './cli.js';

run(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // A bug, not a user error: say so, with the stack, so it can be reported.
    process.stderr.write(`vrrpscope: internal error (please report): ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 70;
  },
);
