/**
 * The deployment files under deploy/: the Prometheus alert rules pass `promtool check rules` and
 * their unit tests (`promtool test rules`), and the systemd unit passes `systemd-analyze verify`
 * and only uses options `vrrpscope live` has.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI, ROOT } from '../support/paths.js';

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const PROM = join(ROOT, 'deploy', 'prometheus');
const UNIT = join(ROOT, 'deploy', 'systemd', 'vrrpscope-sensor.service');

test(
  'alert rules: promtool check rules, then promtool test rules',
  { skip: has('promtool') ? false : 'promtool not installed (apt-get install prometheus)' },
  () => {
    const check = spawnSync('promtool', ['check', 'rules', 'vrrpscope-rules.yml'], { cwd: PROM, encoding: 'utf8' });
    assert.equal(check.status, 0, check.stdout + check.stderr);
    assert.match(check.stdout, /SUCCESS: 8 rules found/);
    const unit = spawnSync('promtool', ['test', 'rules', 'vrrpscope-rules.test.yml'], { cwd: PROM, encoding: 'utf8' });
    assert.equal(unit.status, 0, unit.stdout + unit.stderr);
    assert.match(unit.stdout, /SUCCESS/);
  },
);

test('every alert of the rules file has a unit test', () => {
  const rules = [...readFileSync(join(PROM, 'vrrpscope-rules.yml'), 'utf8').matchAll(/- alert: (\w+)/g)].map(
    (m) => m[1],
  );
  const tests = readFileSync(join(PROM, 'vrrpscope-rules.test.yml'), 'utf8');
  for (const r of rules) assert.match(tests, new RegExp(`alertname: ${r}\\n\\s+exp_alerts:\\n\\s+- exp_labels`), r);
});

test(
  'the systemd unit: capabilities instead of root, options that exist',
  { skip: has('systemd-analyze') ? false : 'systemd-analyze not installed' },
  () => {
    const r = spawnSync('systemd-analyze', ['verify', UNIT], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const unit = readFileSync(UNIT, 'utf8');
    assert.match(unit, /^DynamicUser=yes$/m);
    assert.match(unit, /^CapabilityBoundingSet=CAP_NET_RAW CAP_NET_ADMIN$/m);
    assert.match(unit, /^Restart=on-failure$/m);
    const exec = /^ExecStart=\/usr\/bin\/env vrrpscope (.*)$/m.exec(unit);
    assert.ok(exec);
    const help = execFileSync(process.execPath, [CLI, 'live', '--help'], { encoding: 'utf8' });
    for (const option of exec[1].match(/--[a-z-]+/g) ?? []) assert.ok(help.includes(option), option);
  },
);
