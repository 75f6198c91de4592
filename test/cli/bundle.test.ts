/**
 * The CLI a user runs is the compiled modules bundled by scripts/bundle.mjs (dist/cli/main.js; here
 * build/cli/main.js, which every other CLI test runs). The bundle must say exactly what the modules
 * say: the same exit status and the same bytes on standard output and standard error, for each
 * command and format, for captures read in process and on a capture thread (the bundle's own
 * capture-thread.js entry, started by URL from a chunk), and for user errors.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { PAGE_FUNCTION_NAMES } from '../../src/render/html/page.js';
import { BUILD_SRC, CAPTURES, CLI, ROOT } from '../support/paths.js';
import { spawnCollect, type Run } from '../support/run-cli.js';

const MODULES = join(BUILD_SRC, 'main.js');

const run = (main: string, args: string[], env: Record<string, string> = {}): Promise<Run> =>
  spawnCollect(process.execPath, [main, ...args], { env });

/** The two CLIs on the same command line: equal in every byte. */
async function same(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const [modules, bundle] = await Promise.all([run(MODULES, args, env), run(CLI, args, env)]);
  assert.deepEqual(bundle, modules, `vrrpscope ${args.join(' ')}`);
  return bundle;
}

const real = (name: string) => join(CAPTURES, 'real', `${name}.pcap`);

test('the bundle is the CLI package.json installs, with its workers beside it', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  assert.equal(pkg.bin.vrrpscope, 'dist/cli/main.js');
  for (const entry of ['main.js', 'capture-thread.js', 'worker.js']) {
    assert.ok(existsSync(join(CLI, '..', entry)), `build/cli/${entry}`);
  }
  assert.match(readFileSync(CLI, 'utf8'), /^#!\/usr\/bin\/env node\n/);
});

test('analyze: the same report from the bundle as from the modules, in every format', async () => {
  for (const format of ['json', 'text', 'prometheus']) {
    const r = await same(['analyze', '--format', format, '--fail-on', 'none', real('split-brain-twice')]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.length > 100);
  }
  const failing = await same(['analyze', '--format', 'json', '--fail-on', 'warning', real('flapping')]);
  assert.equal(failing.code, 1, 'findings at --fail-on warning');
});

test('analyze --format html: the same page but for its script, which the bundler reprinted', async () => {
  // The page's script is its functions' own source (render/html/page.ts), as esbuild printed them:
  // the same code, laid out and maybe named otherwise. The browser tests (test/e2e/html-report)
  // run the bundle's page; here the rest of the page must be the modules' to the byte.
  const args = ['analyze', '--format', 'html', '--fail-on', 'none', real('split-brain-twice')];
  const [modules, bundle] = await Promise.all([run(MODULES, args), run(CLI, args)]);
  const script = /<script>([^]*?)<\/script>/;
  const rest = (html: string) => html.replace(/script-src '[^']*'/, 'script-src HASH').replace(script, '<script>');
  assert.equal(bundle.code, 0, bundle.stderr);
  assert.equal(rest(bundle.stdout), rest(modules.stdout));
  const code = script.exec(bundle.stdout)?.[1] ?? '';
  // clientMain calls the others by the names client.ts declares, whatever the bundler named them.
  for (const name of PAGE_FUNCTION_NAMES) {
    assert.match(code, new RegExp(`(^|\\n)(function ${name}\\(|const ${name} = \\w+;)`), `the script defines ${name}`);
  }
  assert.ok(code.endsWith('\nclientMain();\n'));
  const hash = createHash('sha256').update(code, 'utf8').digest('base64');
  assert.ok(bundle.stdout.includes(`script-src 'sha256-${hash}'`), 'the policy allows the script as printed');
});

/**
 * Preloaded into a CLI: says on standard error how each worker it starts ends (a capture thread that
 * cannot start is not an error to the CLI, which then reads in process: only this tells them apart).
 */
const WORKER_TRACE = `data:text/javascript,${encodeURIComponent(`
import { syncBuiltinESMExports } from 'node:module';
import wt from 'node:worker_threads';
const W = wt.Worker;
wt.Worker = class extends W {
  constructor(url, o) {
    super(url, o);
    this.on('error', (e) => process._rawDebug('worker ' + url + ' error ' + e.message));
    this.on('exit', (c) => process._rawDebug('worker ' + url + ' exit ' + c));
  }
};
syncBuiltinESMExports();
`)}`;

test('analyze on a capture thread: the bundle starts its own capture-thread.js', async () => {
  const files = [real('forty-groups'), real('crash-stale-vip'), real('frr-dual-stack')];
  const args = ['analyze', '--format', 'json', '--fail-on', 'none', ...files];
  const threaded = await same(args, { VRRPSCOPE_CAPTURE_THREAD: 'always' });
  const inProcess = await run(CLI, args, { VRRPSCOPE_CAPTURE_THREAD: 'never' });
  assert.equal(threaded.code, 0, threaded.stderr);
  assert.equal(threaded.stdout, inProcess.stdout, 'the same report read on the thread and in process');
  const traced = await run(CLI, args, { VRRPSCOPE_CAPTURE_THREAD: 'always', NODE_OPTIONS: `--import=${WORKER_TRACE}` });
  const thread = pathToFileURL(join(CLI, '..', 'capture-thread.js')).href;
  assert.equal(traced.stderr, `worker ${thread} exit 0\n`, 'the thread ran to its end');
  assert.equal(traced.stdout, threaded.stdout);
});

test('packets, help and user errors: the same bytes and exit status', async () => {
  await same(['packets', '--format', 'ndjson', real('frr-pair')]);
  await same(['packets', '--count', join(CAPTURES, 'synth-multi-section.pcapng')]);
  await same(['--help']);
  await same(['rules']);
  const missing = await same(['analyze', join(CAPTURES, 'no-such-file.pcap')]);
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /^vrrpscope: .*no-such-file\.pcap/);
  assert.doesNotMatch(missing.stderr, /\n\s+at /, 'no stack trace');
});
