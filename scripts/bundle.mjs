// Bundles a compiled tree's entry points into TREE/cli/ (`node scripts/bundle.mjs TREE`): what
// `vrrpscope` runs (package.json "bin"). build.mjs does it for dist/, `npm run build:test` for build/
// (the tests' CLI, test/support/paths.ts), so the tests run the same bundle a user runs.
//
// Why: Node 20 loads ES modules one file at a time (resolve, stat, read, compile), about a quarter of
// a millisecond each, and has no compile cache for them (Node 22 has). vrrpscope's ~100 modules took
// about 20-25 ms of every start; in about 20 files `analyze` of an empty capture takes 0.09 s instead
// of 0.11 s (Node alone 0.05 s), and of the 2M-packet benchmark 0.53 s instead of 0.55 s. esbuild only
// joins the JavaScript tsc already wrote (no transform of its own); esbuild-wasm runs it in Node's
// WebAssembly, with no native binary to fetch.
//
// Entries: the CLI, and the two workers it starts by URL next to the code that starts them
// (capture/early-thread.ts: ./capture-thread.js; capture/live/capture.ts: ./worker.js). Every output
// file is written flat into cli/, so those URLs find them there. Packages stay imports (ink, react,
// commander, table, cap); commands' dynamic imports become chunks loaded when used.
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild-wasm';

const tree = process.argv[2];
if (!tree) {
  process.stderr.write('usage: node scripts/bundle.mjs TREE (a compiled tree with src/main.js: dist or build)\n');
  process.exit(2);
}
const src = resolve(tree, 'src');
const out = resolve(tree, 'cli');
rmSync(out, { recursive: true, force: true });
const result = await build({
  entryPoints: {
    main: join(src, 'main.js'),
    'capture-thread': join(src, 'capture', 'capture-thread.js'),
    worker: join(src, 'capture', 'live', 'worker.js'),
  },
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  logLevel: 'warning',
});
if (result.errors.length > 0 || result.warnings.length > 0) process.exit(1);
