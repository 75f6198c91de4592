import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (tests run compiled from build/test/...). */
export const ROOT = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(resolve(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
})();

/** ../shared beside the clone (override with VRRPSCOPE_SHARED). */
const SHARED = process.env.VRRPSCOPE_SHARED ?? resolve(ROOT, '..', 'shared');
export const PUBLIC_CAPTURES = resolve(SHARED, 'public-captures');
export const HAVE_PUBLIC_CAPTURES = existsSync(PUBLIC_CAPTURES);
export const NO_PUBLIC_CAPTURES = `public captures not found at ${PUBLIC_CAPTURES} (../shared beside the clone): skipped`;

export const CAPTURES = resolve(ROOT, 'captures');

/**
 * The compiled tree these tests run from (build/, see `npm run build:test`): its src/ is the
 * vrrpscope under test, so tests never depend on (or disturb) the dist/ a user runs.
 */
const BUILD = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BUILD_SRC = resolve(BUILD, 'src');
/** The CLI as a user runs it: build/src bundled into build/cli/ (scripts/bundle.mjs), as dist/ is. */
export const CLI = resolve(BUILD, 'cli', 'main.js');
