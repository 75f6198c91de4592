/**
 * The sensor as Prometheus sees it (needs root, keepalived and the Debian `prometheus` package;
 * .ci/run installs them): two keepalived routers on a namespace bridge, `vrrpscope live br0
 * --metrics` watching it, and a real Prometheus server scraping it every second with the alert rules
 * of deploy/prometheus loaded. Prometheus's own query API must report one master, then two while
 * VRRP is blocked between the routers (and the split-brain alert), then one again; `vrrpscope check
 * br0` during the split brain is CRITICAL; what the sensor serves passes `promtool check metrics`.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI, ROOT } from '../support/paths.js';
import { topologySkip } from './netns.js';

const TOPOLOGY = join(ROOT, 'test', 'e2e', 'topology.sh');
const NS = 'vse-br';
const METRICS = '127.0.0.1:9101';
const PROMETHEUS = '127.0.0.1:9090';

/** An HTTP GET from inside the bridge's namespace (where the sensor and Prometheus listen). */
function get(url: string): string {
  const script = `fetch(process.argv[1]).then(async (r) => process.stdout.write(await r.text()), () => process.exit(1))`;
  const r = spawnSync('ip', ['netns', 'exec', NS, process.execPath, '-e', script, url], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout : '';
}

/** Prometheus's instant query API: the values of the result, as numbers ([] while it has none). */
function query(q: string): number[] {
  const body = get(`http://${PROMETHEUS}/api/v1/query?query=${encodeURIComponent(q)}`);
  if (!body) return [];
  const r = JSON.parse(body) as { status: string; data: { result: { value: [number, string] }[] } };
  assert.equal(r.status, 'success');
  return r.data.result.map((x) => Number(x.value[1]));
}

async function until(what: string, seconds: number, ok: () => boolean): Promise<void> {
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    if (ok()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.fail(`${what}: not within ${seconds} s`);
}

const skip = topologySkip(['prometheus', 'promtool'], 'keepalived nftables iproute2 prometheus');

test(
  'Prometheus scrapes the sensor: 1 master, 2 while VRRP is blocked (split-brain alert), 1 after',
  { skip: skip ?? false, timeout: 110_000 },
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-prom-'));
    // Its stderr goes to a file (a pipe would be held open by the daemons it starts in the background).
    const log = join(dir, 'topology.log');
    const topology = (...args: string[]) => {
      const fd = openSync(log, 'a');
      try {
        execFileSync(TOPOLOGY, [args[0], dir, ...args.slice(1)], { stdio: ['ignore', 'ignore', fd], timeout: 30_000 });
      } catch (err) {
        throw new Error(`topology.sh ${args.join(' ')} failed: ${readFileSync(log, 'utf8').slice(-2000)}`, {
          cause: err,
        });
      } finally {
        closeSync(fd);
      }
    };
    const children: ChildProcess[] = [];
    try {
      try {
        topology('bridge');
      } catch {
        // The namespaces of the test before may still be going away: once more, after a pause.
        await new Promise((r) => setTimeout(r, 2000));
        topology('down');
        topology('bridge');
      }
      const sensor = spawn(
        'ip',
        ['netns', 'exec', NS, process.execPath, CLI, 'live', 'br0', '--format', 'none', '--metrics', METRICS],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      children.push(sensor);
      writeFileSync(
        join(dir, 'prometheus.yml'),
        [
          'global: { scrape_interval: 1s, evaluation_interval: 1s }',
          `rule_files: ['${join(ROOT, 'deploy', 'prometheus', 'vrrpscope-rules.yml')}']`,
          'scrape_configs:',
          '  - job_name: vrrpscope',
          `    static_configs: [{ targets: ['${METRICS}'] }]`,
        ].join('\n'),
      );
      children.push(
        spawn(
          'ip',
          [
            ...['netns', 'exec', NS, 'prometheus', `--config.file=${join(dir, 'prometheus.yml')}`],
            ...[`--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=${PROMETHEUS}`],
          ],
          { stdio: 'ignore' },
        ),
      );
      topology('routers');

      const masters = () => query('vrrpscope_group_masters{vrid="51"}');
      await until('Prometheus sees one master', 30, () => masters()[0] === 1);
      assert.deepEqual(query('vrrpscope_router_master{vrid="51",router="10.99.0.1"}'), [1]);
      assert.deepEqual(query('vrrpscope_router_priority{vrid="51",router="10.99.0.1"}'), [150]);

      topology('block');
      const blocked = Date.now();
      await until('Prometheus sees two masters', 30, () => masters()[0] === 2);
      t.diagnostic(
        `vrrpscope_group_masters == 2 in Prometheus ${((Date.now() - blocked) / 1000).toFixed(1)} s after the block`,
      );
      await until(
        'the split-brain alert is pending or firing',
        20,
        () => query('ALERTS{alertname="VRRPSplitBrain",vrid="51"}').length > 0,
      );

      // The Nagios check on the live interface, during the split brain.
      const check = spawnSync('ip', ['netns', 'exec', NS, process.execPath, CLI, 'check', 'br0'], {
        encoding: 'utf8',
      });
      assert.equal(check.status, 2, check.stdout + check.stderr);
      assert.match(check.stdout, /^VRRP CRITICAL - split brain on VRID 51 ipv4 \(10\.99\.0\.\d, 10\.99\.0\.\d\)/);

      // What the sensor serves is valid exposition text.
      const exposition = get(`http://${METRICS}/metrics`);
      const lint = spawnSync('promtool', ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
      assert.equal(lint.status, 0, lint.stdout + lint.stderr);

      topology('unblock');
      await until('Prometheus sees one master again', 30, () => masters()[0] === 1);
      assert.ok(query('vrrpscope_transitions_total{vrid="51",cause="split-brain"}')[0] >= 1);
      assert.ok(query('vrrpscope_findings_total{rule="duplicate-master"}')[0] >= 1);
    } finally {
      for (const c of children) c.kill('SIGTERM');
      topology('down');
    }
  },
);
