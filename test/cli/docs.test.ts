/**
 * The man page and the completion scripts are generated from the commander definitions: checked
 * here against what `--help` says (every command, every option), the committed man page against
 * what the generator writes now, and the scripts by the shells themselves.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { BUILD_SRC, CLI, ROOT } from '../support/paths.js';

const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, `vrrpscope ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
const have = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

/** Commands and, per command, its options, as `--help` lists them. */
function fromHelp(): Map<string, string[]> {
  const commands = [...run('--help').matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]).filter((c) => c !== 'help');
  return new Map(
    commands.map((c) => [c, [...run(c, '--help').matchAll(/(?:^|[ ,])(--?[a-zA-Z][\w-]*)/gm)].map((m) => m[1])]),
  );
}

test('the committed man page is what the generator writes from the commands', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-man-'));
  const out = join(dir, 'vrrpscope.1');
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'man.mjs'), join(BUILD_SRC, '..'), out], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(
    readFileSync(join(ROOT, 'man', 'vrrpscope.1'), 'utf8'),
    readFileSync(out, 'utf8'),
    'man/vrrpscope.1 is out of date: npm run build regenerates it',
  );
});

test('the man page and the bash, zsh and fish completions name every command and option of --help', () => {
  const man = readFileSync(join(ROOT, 'man', 'vrrpscope.1'), 'utf8').replace(/\\-/g, '-');
  const scripts = { bash: run('completion', 'bash'), zsh: run('completion', 'zsh'), fish: run('completion', 'fish') };
  const help = fromHelp();
  assert.ok(help.size >= 6, [...help.keys()].join(' '));
  for (const [command, options] of help) {
    assert.match(man, new RegExp(`^\\.SS "vrrpscope ${command} `, 'm'), `man: ${command}`);
    for (const [shell, text] of Object.entries(scripts)) assert.ok(text.includes(command), `${shell}: ${command}`);
    for (const o of options) {
      assert.ok(man.includes(o), `man: ${command} ${o}`);
      assert.ok(scripts.bash.includes(o), `bash: ${command} ${o}`);
      assert.ok(scripts.zsh.includes(o), `zsh: ${command} ${o}`);
      const fishName = o.startsWith('--') ? `-l ${o.slice(2)}` : `-s ${o.slice(1)}`;
      assert.ok(scripts.fish.includes(fishName), `fish: ${command} ${fishName}`);
    }
  }
  // The keys of the terminal view are in the man page too.
  assert.match(man, /^\.SH KEYS/m);
  assert.match(man, /filter: VRID or VLAN, vrid:N/);
});

test('bash completes commands, options and option values; the shells accept the scripts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-comp-'));
  const bash = join(dir, 'vrrpscope.bash');
  writeFileSync(bash, run('completion', 'bash'));
  const complete = (...words: string[]) =>
    spawnSync(
      'bash',
      [
        '-c',
        `source ${bash}; COMP_WORDS=(${words.map((w) => `"${w}"`).join(' ')}); COMP_CWORD=${words.length - 1}; _vrrpscope; echo "\${COMPREPLY[@]}"`,
      ],
      { encoding: 'utf8' },
    ).stdout.trim();
  assert.equal(complete('vrrpscope', 'an'), 'analyze');
  assert.equal(complete('vrrpscope', 'packets', '--ti'), '--time');
  assert.equal(complete('vrrpscope', 'packets', '--time', ''), 'utc local epoch relative delta');
  assert.equal(complete('vrrpscope', 'completion', 'z'), 'zsh');
  assert.equal(complete('vrrpscope', 'completion', ''), 'bash zsh fish');
  for (const [shell, flag] of [
    ['zsh', '-n'],
    ['fish', '--no-execute'],
  ] as const) {
    if (!have(shell)) continue;
    const f = join(dir, `vrrpscope.${shell}`);
    writeFileSync(f, run('completion', shell));
    const r = spawnSync(shell, [flag, f], { encoding: 'utf8' });
    assert.equal(r.status, 0, `${shell} ${flag}: ${r.stderr}`);
  }
  const bad = spawnSync(process.execPath, [CLI, 'completion', 'tcsh'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /value 'tcsh' is invalid for argument 'shell'\. Allowed choices are bash, zsh, fish/);
});
