// `npm run build`: compiles src/ into dist/src/ and bundles it into dist/cli/ (what `vrrpscope` runs),
// without ever leaving a half-built dist/ behind. Both are written into dist.next/, which then
// replaces dist/ by two renames, so a vrrpscope started from this checkout
// while it builds (or while the tests run) finds either the old build or the new one, whole.
import { execFileSync } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const next = join(root, 'dist.next');
const old = join(root, 'dist.old');
const dist = join(root, 'dist');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

rmSync(next, { recursive: true, force: true });
rmSync(old, { recursive: true, force: true });
try {
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', next], {
    stdio: 'inherit',
  });
  // The CLI as run: dist/cli/, the compiled modules bundled (scripts/bundle.mjs says why).
  execFileSync(process.execPath, [join(root, 'scripts', 'bundle.mjs'), next], { stdio: 'inherit' });
} catch {
  rmSync(next, { recursive: true, force: true });
  process.exit(1);
}
if (existsSync(dist)) renameSync(dist, old);
renameSync(next, dist);
rmSync(old, { recursive: true, force: true });
// The man page, from the commands just built (scripts/man.mjs).
execFileSync(process.execPath, [join(root, 'scripts', 'man.mjs')], { stdio: 'inherit' });
