// Writes man/vrrpscope.1 from the commander definitions (src/cli.ts, compiled into dist/ by the
// build, which runs this right after): the man page cannot drift from --help. A test compares the
// committed file with what this generates. It carries the version, not a date, so the file only
// changes when the commands do.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = process.argv[2] ?? join(root, 'dist');
const { buildProgram } = await import(pathToFileURL(join(dist, 'src', 'cli.js')).href);
const { manPage } = await import(pathToFileURL(join(dist, 'src', 'cli-docs.js')).href);
const { KEY_HELP } = await import(pathToFileURL(join(dist, 'src', 'ui', 'state.js')).href);
const out = process.argv[3] ?? join(root, 'man', 'vrrpscope.1');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, manPage(buildProgram(), KEY_HELP));
