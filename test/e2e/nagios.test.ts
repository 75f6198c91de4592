/**
 * `vrrpscope check` run by a real Nagios core (Debian `nagios4-core`; .ci/run installs it), as a
 * site would configure it: one service per recording, checked once a second. Nagios's status file
 * must show the state each recording's reviewed expectation implies, the plugin output, the long
 * output and the performance data as Nagios parsed them.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { impliedCheckState } from '../support/check-state.js';
import { CAPTURES, CLI } from '../support/paths.js';

const NAGIOS = '/usr/sbin/nagios4';
const skip = existsSync(NAGIOS) ? false : 'needs Nagios (apt-get install nagios4-core)';
const REAL = join(CAPTURES, 'real');

/** A service per recording; the check command and what Nagios should conclude. */
const SERVICES: { name: string; args: string; state: number }[] = [
  'healthy-pair',
  'split-brain',
  'suppressed-garp',
  'vrid-collision',
  'forty-groups',
  'graceful-stop',
].map((name) => ({ name, args: join(REAL, `${name}.pcap`), state: impliedCheckState(name) }));
// An operator's expectation the recording does not meet, and a check that cannot run.
SERVICES.push({
  name: 'expect-other-master',
  args: `--expect-master 51=10.99.0.2 ${join(REAL, 'healthy-pair.pcap')}`,
  state: 2,
});
SERVICES.push({ name: 'missing-file', args: join(REAL, 'no-such.pcap'), state: 3 });

function config(dir: string): string {
  const cfg = join(dir, 'nagios.cfg');
  mkdirSync(join(dir, 'checkresults'));
  const always = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'].map(
    (d) => `  ${d} 00:00-24:00`,
  );
  const objects = [
    'define timeperiod {\n  timeperiod_name always\n  alias always\n' + always.join('\n') + '\n}',
    'define contact {\n  contact_name nobody\n  host_notifications_enabled 0\n  service_notifications_enabled 0\n' +
      '  host_notification_period always\n  service_notification_period always\n  host_notification_options n\n' +
      '  service_notification_options n\n  host_notification_commands noop\n  service_notification_commands noop\n}',
    'define command {\n  command_name noop\n  command_line /bin/true\n}',
    `define command {\n  command_name check_vrrp\n  command_line ${process.execPath} ${CLI} check $ARG1$\n}`,
    'define host {\n  host_name sensor\n  address 127.0.0.1\n  check_command noop\n  max_check_attempts 1\n' +
      '  check_period always\n  contacts nobody\n  notification_period always\n  notifications_enabled 0\n}',
    ...SERVICES.map(
      (s) =>
        `define service {\n  host_name sensor\n  service_description ${s.name}\n  check_command check_vrrp!${s.args}\n` +
        '  max_check_attempts 1\n  check_interval 1\n  retry_interval 1\n  check_period always\n  contacts nobody\n' +
        '  notification_period always\n  notifications_enabled 0\n}',
    ),
  ];
  writeFileSync(join(dir, 'objects.cfg'), objects.join('\n\n') + '\n');
  writeFileSync(join(dir, 'resource.cfg'), '');
  const main: Record<string, string | number> = {
    log_file: join(dir, 'nagios.log'),
    cfg_file: join(dir, 'objects.cfg'),
    resource_file: join(dir, 'resource.cfg'),
    status_file: join(dir, 'status.dat'),
    status_update_interval: 1,
    object_cache_file: join(dir, 'objects.cache'),
    precached_object_file: join(dir, 'objects.precache'),
    temp_file: join(dir, 'nagios.tmp'),
    temp_path: dir,
    lock_file: join(dir, 'nagios.lock'),
    check_result_path: join(dir, 'checkresults'),
    state_retention_file: join(dir, 'retention.dat'),
    retain_state_information: 0,
    use_retained_scheduling_info: 0,
    nagios_user: 'root',
    nagios_group: 'root',
    check_external_commands: 0,
    // Seconds, not minutes: every service is checked once a second, the first check at once.
    interval_length: 1,
    max_service_check_spread: 1,
    service_inter_check_delay_method: 'n',
    host_inter_check_delay_method: 'n',
    check_result_reaper_frequency: 1,
    enable_notifications: 0,
    enable_flap_detection: 0,
    enable_event_handlers: 0,
    max_concurrent_checks: 2,
  };
  writeFileSync(
    cfg,
    Object.entries(main)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n',
  );
  return cfg;
}

/** servicestatus blocks of status.dat, by service description. */
function serviceStatus(path: string): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  if (!existsSync(path)) return out;
  for (const m of readFileSync(path, 'utf8').matchAll(/servicestatus \{\n([\s\S]*?)\n\s*\}/g)) {
    const fields: Record<string, string> = {};
    for (const line of m[1].split('\n')) {
      const eq = line.indexOf('=');
      if (eq > 0) fields[line.slice(0, eq).trim()] = line.slice(eq + 1);
    }
    out.set(fields.service_description, fields);
  }
  return out;
}

test(
  'Nagios runs vrrpscope check: state, output and perfdata in its status file',
  { skip, timeout: 90_000 },
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-nagios-'));
    const cfg = config(dir);
    const verify = spawnSync(NAGIOS, ['-v', cfg], { encoding: 'utf8' });
    assert.equal(verify.status, 0, verify.stdout);
    const nagios = spawn(NAGIOS, [cfg], { stdio: 'ignore' });
    try {
      let status = new Map<string, Record<string, string>>();
      const end = Date.now() + 60_000;
      while (Date.now() < end) {
        status = serviceStatus(join(dir, 'status.dat'));
        if (SERVICES.every((s) => status.get(s.name)?.has_been_checked === '1')) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      for (const s of SERVICES) {
        const st = status.get(s.name);
        assert.ok(
          st && st.has_been_checked === '1',
          `${s.name} was checked: ${readFileSync(join(dir, 'nagios.log'), 'utf8')}`,
        );
        assert.equal(Number(st.current_state), s.state, `${s.name}: ${st.plugin_output}`);
        const name = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'][s.state];
        assert.match(st.plugin_output, new RegExp(`^VRRP ${name} - `), s.name);
        t.diagnostic(`${s.name}: ${st.current_state} ${st.plugin_output}`);
        if (s.state === 3) continue;
        // Nagios split the output where the plugin guidelines say: totals and per-group perfdata joined.
        assert.match(
          st.performance_data,
          /^groups=\d+;;;0 findings_error=\d+;;0;0 .* vrid\d+_ipv[46]_masters=\d;;1:1;0/,
        );
        assert.ok(!st.plugin_output.includes('|'));
        assert.match(st.long_plugin_output, /^(OK|WARNING|CRITICAL): VRID \d+ ipv[46]: /);
      }
      const split = status.get('split-brain')!;
      assert.equal(
        split.plugin_output,
        'VRRP CRITICAL - split brain on VRID 51 ipv4 (10.99.0.1, 10.99.0.2) - 1 virtual router',
      );
      const forty = status.get('forty-groups')!;
      assert.equal(forty.performance_data.match(/_masters=1;;1:1;0/g)?.length, 40);
    } finally {
      nagios.kill('SIGTERM');
    }
  },
);
