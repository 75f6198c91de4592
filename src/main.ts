#!/usr/bin/env node
// React (the terminal UI) runs its slow development build unless told otherwise; it reads this when
// first imported, which happens later (dynamic imports in the commands that draw the UI).
process.env.NODE_ENV ??= 'production';
const { EXIT } = await import('./commands/exit.js');
const { run } = await import('./cli.js');

run(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // A bug, not a user error: say so, with the stack, so it can be reported.
    process.stderr.write(
      `vrrpscope: internal error (please report): ${err instanceof Error ? err.stack : String(err)}\n`,
    );
    process.exitCode = EXIT.INTERNAL;
  },
);
