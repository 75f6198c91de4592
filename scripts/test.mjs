// Runs the compiled test files of one tier with node's test runner (npm test, test:unit, test:e2e).
//   unit  everything but test/e2e: no root, no network namespaces, no daemons; the edit-run loop
//   e2e   test/e2e: real keepalived in network namespaces, live capture, real terminals (tmux)
//   all   both (what CI runs)
// Tests are compiled into build/ (npm run build:test), never into dist/, so a vrrpscope started
// from this checkout keeps working while they run. Extra arguments go to `node --test`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tests = join(root, 'build', 'test');
const [tier = 'all', ...extra] = process.argv.slice(2);
if (!['unit', 'e2e', 'all'].includes(tier)) {
  process.stderr.write(`usage: node scripts/test.mjs unit|e2e|all [node --test options]\n`);
  process.exit(2);
}
if (!existsSync(tests)) {
  process.stderr.write('build/test not found: run npm run build:test first\n');
  process.exit(2);
}

function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return find(p);
    return e.name.endsWith('.test.js') ? [p] : [];
  });
}

const isE2e = (f) => relative(tests, f).split('/')[0] === 'e2e';
const files = find(tests)
  .filter((f) => tier === 'all' || (tier === 'e2e') === isE2e(f))
  .sort();
// A test that hangs (a UI waiting for a key, a daemon that never answers) fails after this long
// instead of holding CI; tests that need longer say so with their own `timeout`.
const timeout = ['--test-timeout=120000'];
// The unit tier runs two files at a time (the machine has two cores); the e2e tier's tests share
// network namespaces and a terminal, so every tier that includes them runs one file at a time.
const concurrency = tier === 'unit' ? ['--test-concurrency=2'] : [];
const r = spawnSync(
  process.execPath,
  ['--test', '--test-reporter=spec', ...timeout, ...concurrency, ...extra, ...files],
  {
    stdio: 'inherit',
    cwd: root,
  },
);
process.exit(r.status ?? 1);
