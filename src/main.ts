#!/usr/bin/env node
// React (the terminal UI) runs its slow development build unless told otherwise; it reads this when
// first imported, which happens later (dynamic imports in the commands that draw the UI).
process.env.NODE_ENV ??= 'production';
// `analyze` of large capture files: their capture thread starts loading now, beside the modules below.
const { startEarly } = await import('./capture/early-thread.js');
startEarly(process.argv.slice(2));
const { EXIT } = await import('./commands/exit.js');
const { run } = await import('./cli.js');
const { sayError } = await import('./util/say.js');

run(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // A bug, not a user error: say so, with the stack, so it can be reported.
    sayError(`internal error (please report): ${err instanceof Error ? err.stack : String(err)}`);
    process.exitCode = EXIT.INTERNAL;
  },
);
