/**
 * A RuleTester in the ESLint spirit for the finding rules: each rule file lists `valid` scenarios
 * (the rule must stay silent) and `invalid` ones (the findings it must raise, asserted as data:
 * routers, addresses, span, frames, and the message by its id in the rule's meta.messages and its
 * data, never by the wording).
 *
 * Every scenario is analyzed twice, from a "file" (clock driven by packets only) and "live" (the
 * clock also ticks every 0.1 s between packets), and both must give the same findings. Valid
 * scenarios are also run through the full rule set, which must raise nothing but the rules listed
 * in `others` (false positives are the worst bug for an on-call engineer). Besides its own valid
 * cases, every rule is checked against the common realistic scenarios (COMMON_VALID below), but
 * those it lists in `exceptCommon` (which must then make it fire).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RuleSetting } from '../../../src/analyze/engine.js';
import { formatMessage, placeholders, type MessageData, type Rule } from '../../../src/analyze/rule.js';
import { RULES } from '../../../src/analyze/rules/index.js';
import type { Finding, FrameRef, Report, Severity } from '../../../src/report/types.js';
import { R1, R2, R3, rel, Scenario, VIP, type RouterSpec } from '../../support/scenario.js';

/** The group id of the scenario builder's default group (VRID 51, IPv4, no VLAN). */
const GROUP = 'ipv4/vrid51';
/** How messages name the default group (data.group), and its IPv6 twin. */
export const VRID51 = 'VRID 51 (ipv4)';
export const VRID51_V6 = 'VRID 51 (ipv6)';

export interface ScenarioCase {
  name: string;
  scenario: () => Scenario;
  /** Capture end, seconds after T0 (default: the last packet). */
  end?: number;
  settings?: Record<string, RuleSetting>;
  showSecrets?: boolean;
  /**
   * The scenario holds a gap in the capture: read from a file it is a gap, while live the clock
   * runs through it and the silence is real. Only the file is checked (say why).
   */
  captureGap?: string;
}

export interface ValidCase extends ScenarioCase {
  /** Rules that may (and must) fire with the full rule set on this scenario, e.g. master-release on a graceful stop. */
  others?: string[];
  /** Skip the full-rule-set check (only when `others` cannot describe it). */
  isolated?: boolean;
}

interface ExpectedFinding {
  /** Default: the rule's default severity. */
  severity?: Severity;
  /** Default: GROUP; pass undefined for findings without a group. */
  group?: string | undefined;
  routers: string[];
  addresses: string[];
  /** Seconds after T0. */
  from: number;
  to: number;
  /** Omit to leave the count to `check`. */
  frameCount?: number;
  frames?: FrameRef[];
  /** Which of the rule's meta.messages. */
  messageId: string;
  /** The message's data, exactly. */
  data: MessageData;
  /** Secrets (passwords) that must appear neither in the rendered message nor in its data. */
  secrets?: string[];
}

export interface InvalidCase extends ScenarioCase {
  findings: ExpectedFinding[];
  /** Extra assertions on the rule's findings (file mode) and the whole report. */
  check?: (findings: Finding[], report: Report) => void;
}

/** Runs a scenario from a file and live; asserts both give the same findings; returns the file report. */
export function analyzeBoth(c: ScenarioCase, rules?: readonly Rule[]): Report {
  const s = c.scenario();
  const o = { rules, settings: c.settings, end: c.end, showSecrets: c.showSecrets };
  const file = s.analyze(o);
  assert.equal(file.gaps.length > 0, c.captureGap !== undefined, 'captureGap is set exactly when there is a gap');
  if (c.captureGap === undefined) {
    const live = s.analyze({ ...o, tickEvery: 0.1 });
    assert.deepEqual(
      live.findings,
      file.findings,
      'live replay (clock ticks every 0.1 s) must give the same findings as reading the file',
    );
  }
  for (const f of file.findings) checkShape(f, rules ?? RULES);
  return file;
}

/** Invariants every finding must satisfy, whatever the rule. */
function checkShape(f: Finding, rules: readonly Rule[]): void {
  const where = `${f.rule} finding ${JSON.stringify(f.message)}`;
  assert.ok(f.from <= f.to, `${where}: from <= to`);
  assert.equal(f.frames.length, Math.min(f.frameCount, 100), `${where}: frames kept vs frameCount`);
  assert.equal(new Set(f.frames).size, f.frames.length, `${where}: frames are distinct`);
  assert.equal(new Set(f.routers).size, f.routers.length, `${where}: routers are distinct`);
  assert.ok(f.message.length > 0 && /[.]$/.test(f.message), `${where}: a sentence`);
  if (f.group !== undefined)
    assert.ok(f.vrid !== undefined && f.family !== undefined, `${where}: a group finding carries vrid and family`);
  // The message is its template filled with its data, and the data is exactly what the template shows.
  const template = rules.find((r) => r.meta.id === f.rule)?.meta.messages[f.messageId];
  assert.ok(template !== undefined, `${where}: messageId ${f.messageId} is one of the rule's messages`);
  assert.deepEqual(Object.keys(f.data).sort(), placeholders(template).sort(), `${where}: data keys vs placeholders`);
  for (const [k, v] of Object.entries(f.data))
    assert.ok(typeof v === 'number' ? Number.isFinite(v) : typeof v === 'string', `${where}: data.${k} is plain`);
  assert.equal(f.message, formatMessage(template, f.data), `${where}: the template filled with the data`);
}

function expectFindings(rule: Rule, actual: Finding[], expected: ExpectedFinding[]): void {
  const want = expected.map((e) => ({
    severity: e.severity ?? rule.meta.defaultSeverity,
    group: Object.hasOwn(e, 'group') ? e.group : GROUP,
    routers: e.routers,
    addresses: e.addresses,
    from: e.from,
    to: e.to,
    frameCount: e.frameCount,
    messageId: e.messageId,
    data: e.data,
  }));
  const got = actual.map((f, i) => ({
    severity: f.severity,
    group: f.group,
    routers: f.routers,
    addresses: f.addresses,
    from: rel(f.from),
    to: rel(f.to),
    frameCount: expected[i] && expected[i].frameCount === undefined ? undefined : f.frameCount,
    messageId: f.messageId,
    data: f.data,
  }));
  assert.deepEqual(got, want, `${rule.meta.id} findings:\n${actual.map((f) => `  ${f.message}`).join('\n')}`);
  expected.forEach((e, i) => {
    const f = actual[i];
    if (e.frames) assert.deepEqual(f.frames, e.frames, 'frames');
    for (const secret of e.secrets ?? []) {
      assert.ok(!f.message.includes(secret), `message must not reveal ${secret}: ${f.message}`);
      assert.ok(!JSON.stringify(f.data).includes(secret), `data must not reveal ${secret}: ${JSON.stringify(f.data)}`);
    }
  });
}

function runValid(id: string, rule: Rule, c: ValidCase): void {
  const alone = analyzeBoth(c, [rule]);
  assert.deepEqual(
    alone.findings.map((f) => f.message),
    [],
    `${id} must not fire`,
  );
  if (c.isolated) return;
  const all = analyzeBoth(c);
  const fired = [...new Set(all.findings.map((f) => f.rule))].sort();
  assert.deepEqual(
    fired,
    [...(c.others ?? [])].sort(),
    `full rule set on a ${id}-valid scenario:\n${all.findings.map((f) => `  ${f.rule}: ${f.message}`).join('\n')}`,
  );
}

export function ruleTester(
  rule: Rule,
  cases: {
    valid: ValidCase[];
    invalid: InvalidCase[];
    /** Common scenarios this rule fires on (each is then an invalid case of this rule, or should be). */
    exceptCommon?: CommonScenario[];
  },
): void {
  const id = rule.meta.id;
  const except = new Set(cases.exceptCommon ?? []);
  const common = Object.entries(COMMON_VALID).filter(([k]) => !except.has(k as CommonScenario));
  describe(`${id}: valid`, () => {
    for (const [, c] of common) test(`common: ${c.name}`, () => runValid(id, rule, c));
    for (const c of cases.valid) test(c.name, () => runValid(id, rule, c));
  });
  describe(`${id}: invalid`, () => {
    for (const c of cases.invalid) {
      test(c.name, () => {
        const report = analyzeBoth(c, [rule]);
        const mine = report.findings.filter((f) => f.rule === id);
        expectFindings(rule, mine, c.findings);
        c.check?.(mine, report);
      });
    }
  });
  test(`${id}: every message in meta.messages is well formed and expected by an invalid case`, () => {
    const messages = rule.meta.messages;
    for (const [m, template] of Object.entries(messages)) {
      const filled = formatMessage(template, Object.fromEntries(placeholders(template).map((n) => [n, 'x'])));
      assert.ok(!/\{\{|\}\}/.test(filled), `${m}: a placeholder that is not {{name}}: ${template}`);
    }
    const expected = new Set(cases.invalid.flatMap((c) => c.findings.map((f) => f.messageId)));
    assert.deepEqual(
      Object.keys(messages).filter((m) => !expected.has(m)),
      [],
      'messages no invalid case expects',
    );
    assert.deepEqual(
      [...expected].filter((m) => !Object.hasOwn(messages, m)),
      [],
      'expected messageIds missing from meta.messages',
    );
  });
  if (except.size > 0) {
    test(`${id}: the common scenarios it leaves out make it fire`, () => {
      for (const k of except) {
        const r = analyzeBoth(COMMON_VALID[k], [rule]);
        assert.ok(r.findings.length > 0, `${k}: ${id} stays silent, so the common valid case applies`);
      }
    });
  }
}

/** Metadata: id matches the file, default severity, every option has a numeric default and a description. */
export function metaTest(rule: Rule, id: string, severity: Severity, options: Record<string, number>): void {
  test(`${id}: metadata`, () => {
    assert.equal(rule.meta.id, id);
    assert.equal(rule.meta.defaultSeverity, severity);
    assert.ok(rule.meta.description.length > 10, 'a description');
    assert.deepEqual(Object.fromEntries(Object.entries(rule.meta.options).map(([k, o]) => [k, o.default])), options);
    for (const [k, o] of Object.entries(rule.meta.options)) {
      assert.ok(Number.isFinite(o.default), `${k}: numeric default`);
      assert.ok(o.description.length > 5, `${k}: a description`);
    }
    assert.ok(Object.keys(rule.meta.messages).length > 0, 'at least one message');
  });
}

/**
 * R1, R2 and R3 advertising for 4 s from 0, 0.5 and 0.7 s, R1 with `first` and the other two with
 * `rest`: a rule that judges each router on its own, with its `routers` option at 1, gives R1 a
 * finding of its own and R2 and R3 one together (restFinding).
 */
export function threeRouters(first: Partial<RouterSpec>, rest: Partial<RouterSpec> = first): Scenario {
  const s = new Scenario();
  s.every(0, 4, 1, R1, first);
  s.every(0.5, 4.5, 1, R2, rest);
  s.every(0.7, 4.7, 1, R3, rest);
  return s;
}

/** The finding of R2 and R3 in threeRouters, past the one of its own (`routers` option 1). */
export function restFinding(messageId: string, addresses: string[] = []): ExpectedFinding {
  return {
    routers: [R2.address, R3.address],
    addresses,
    from: 0.5,
    to: 4.7,
    frameCount: 10,
    messageId,
    data: { max: 1, count: 2, routers: `${R2.address}, ${R3.address}`, group: VRID51 },
  };
}

/**
 * keepalived's announcements on becoming master (measured): 5 gratuitous ARPs 0.3-1.3 ms after the
 * first master advert, then 5 more 5 s later (garp_master_delay). IPv6: the same with unsolicited NAs.
 */
export function keepalivedGarps(
  s: Scenario,
  t: number,
  mac: string,
  addresses: string[],
  o: { second?: boolean; src?: string } = {},
): void {
  for (const base of o.second === false ? [t] : [t, t + 5]) {
    for (let i = 0; i < 5; i++) {
      const at = Number((base + 0.0003 + i * 0.00025).toFixed(6));
      for (const a of addresses) {
        if (a.includes(':')) s.na(at, mac, o.src ?? 'fe80::99', a);
        else s.garp(at, mac, a);
      }
    }
  }
}

/** Background ARP from hosts on the segment (so the capture is not filtered to VRRP only). */
export function hostArp(s: Scenario, from: number, to: number, step = 2.5): void {
  const host = HOST;
  for (let t = from; t <= to + 1e-9; t += step) {
    const at = Number(t.toFixed(6));
    s.arpRequest(at, host.mac, host.ip, '10.99.0.1');
    s.arpReply(Number((at + 0.0002).toFixed(6)), '02:99:00:00:00:01', '10.99.0.1', host);
  }
}

// ---------------------------------------------------------------- realistic scenarios shared by the rule files

/** The virtual MAC of VRID 51 (IPv4), which FRR's routers advertise from. */
export const VMAC51 = '00:00:5e:00:01:33';
/** A fourth router with the default priority 100, like R2, and a higher address. */
export const R4: RouterSpec = { address: '10.99.0.4', mac: '02:99:00:00:00:04', priority: 100 };
/** A host on the segment that has nothing to do with VRRP. */
export const HOST = { mac: '02:00:00:00:00:50', ip: '10.99.0.50' };

/** A host asks for the VIP and `mac` answers. */
export function vipLookup(s: Scenario, t: number, mac: string, address = VIP): void {
  s.arpRequest(t, HOST.mac, HOST.ip, address);
  s.arpReply(Number((t + 0.0002).toFixed(6)), mac, address, { mac: HOST.mac, ip: HOST.ip });
}

/** A healthy keepalived master (R1) with its backup silent, hosts ARPing for the VIP. */
export function healthy(): Scenario {
  const s = new Scenario();
  s.every(0, 20, 1, R1);
  keepalivedGarps(s, 0, R1.mac, [VIP]);
  hostArp(s, 0.5, 20);
  vipLookup(s, 7, R1.mac);
  return s;
}

/**
 * keepalived, advert_int 1, physical MACs: R1 (150) is killed after its advert at 10; R2 (100)
 * takes over after its Master_Down_Interval (3.61 s measured) with two GARP bursts; the VIP's MAC
 * moves from R1 to R2 in ARP replies.
 */
export function crashFailover(o: { arp?: boolean } = {}): Scenario {
  const s = new Scenario();
  s.every(0, 10, 1, R1);
  s.every(13.61, 25, 1, R2);
  if (o.arp !== false) {
    keepalivedGarps(s, 0, R1.mac, [VIP]);
    keepalivedGarps(s, 13.61, R2.mac, [VIP]);
    hostArp(s, 0.5, 25);
    vipLookup(s, 5, R1.mac);
    vipLookup(s, 20, R2.mac);
  }
  return s;
}

/** Graceful stop: R1 sends one priority-0 advert; R2 takes over after Skew_Time (0.609 s). */
export function gracefulStop(): Scenario {
  const s = new Scenario();
  s.every(0, 10, 1, R1);
  s.advert(10.5, R1, { priority: 0 });
  s.every(11.109, 25, 1, R2);
  keepalivedGarps(s, 11.109, R2.mac, [VIP]);
  hostArp(s, 0.5, 25);
  vipLookup(s, 20, R2.mac);
  return s;
}

/** R2 is master; R1 (higher priority) restarts in BACKUP and preempts; R2 falls silent at once. */
export function preemption(): Scenario {
  const s = new Scenario();
  s.every(0, 10, 1, R2);
  s.every(10.4, 25, 1, R1);
  keepalivedGarps(s, 10.4, R1.mac, [VIP]);
  hostArp(s, 0.5, 25);
  vipLookup(s, 5, R2.mac);
  vipLookup(s, 20, R1.mac);
  return s;
}

/**
 * R1 dies; R2 and R4 (both priority 100) time out together and both send an advert and GARPs; the
 * lower address (R2) yields after one advert. `lowerFirst`: R2's timer fires 8 ms before R4's.
 */
export function tieAtTakeover(o: { lowerFirst?: boolean } = {}): Scenario {
  const s = new Scenario();
  s.every(0, 10, 1, R1);
  const [tWin, tLose] = o.lowerFirst ? [13.649, 13.641] : [13.641, 13.649];
  s.every(tWin, 25, 1, R4);
  s.advert(tLose, R2);
  keepalivedGarps(s, tWin, R4.mac, [VIP]);
  keepalivedGarps(s, tLose, R2.mac, [VIP], { second: false });
  hostArp(s, 0.5, 25);
  return s;
}

/** FRR: adverts and one GARP per takeover from the virtual MAC. */
export function frrFailover(): Scenario {
  const s = new Scenario();
  const f1 = { ...R1, mac: VMAC51, version: 3 as const };
  const f2 = { ...R2, mac: VMAC51, version: 3 as const };
  s.every(0, 10, 1, f1);
  s.every(13.61, 25, 1, f2);
  s.garp(13.6105, VMAC51, VIP);
  hostArp(s, 0.5, 25);
  vipLookup(s, 5, VMAC51);
  vipLookup(s, 20, VMAC51);
  return s;
}

export const V6A: RouterSpec = {
  address: 'fe80::1',
  mac: '02:99:00:00:00:01',
  priority: 150,
  version: 3,
  addresses: ['fe80::100', '2001:db8::100'],
};
export const V6B: RouterSpec = {
  address: 'fe80::2',
  mac: '02:99:00:00:00:02',
  priority: 100,
  version: 3,
  addresses: ['fe80::100', '2001:db8::100'],
};

/** keepalived IPv6 (VRRPv3): 5 unsolicited NAs per VIP on each takeover, 5 more after 5 s. */
export function ipv6Failover(): Scenario {
  const s = new Scenario();
  s.every(0, 10, 1, V6A);
  s.every(13.61, 25, 1, V6B);
  keepalivedGarps(s, 0, V6A.mac, V6A.addresses!, { src: V6A.address });
  keepalivedGarps(s, 13.61, V6B.mac, V6B.addresses!, { src: V6B.address });
  return s;
}

/**
 * FRR over IPv6 (measured): the new master sends its unsolicited NA (from the IPv6 virtual MAC) the
 * moment it becomes master, and its first advert only one interval later.
 */
function frrIpv6Failover(): Scenario {
  const s = new Scenario();
  const vmac = '00:00:5e:00:02:33';
  const f1: RouterSpec = { ...V6A, mac: vmac, addresses: ['2001:db8::100'] };
  const f2: RouterSpec = { ...V6B, mac: vmac, addresses: ['2001:db8::100'] };
  s.na(0, vmac, '2001:db8::100', '2001:db8::100');
  s.every(1, 10, 1, f1);
  s.na(13.605, vmac, '2001:db8::100', '2001:db8::100');
  s.every(14.605, 25, 1, f2);
  return s;
}

type CommonScenario =
  | 'healthy'
  | 'crash-failover'
  | 'graceful-stop'
  | 'preemption'
  | 'tie-at-takeover'
  | 'tie-at-takeover-lower-first'
  | 'frr-failover'
  | 'ipv6-failover'
  | 'frr-ipv6-failover';

/**
 * The realistic scenarios every rule must stay silent on (ruleTester runs them for each rule but
 * those in its `exceptCommon`), with the rules that do fire on them with the full rule set.
 */
const COMMON_VALID: Record<CommonScenario, ValidCase> = {
  healthy: { name: 'a healthy keepalived master (GARP bursts, hosts ARPing for the VIP)', scenario: healthy },
  'crash-failover': {
    name: 'master killed, backup takes over after Master_Down_Interval (3.61 s) with two GARP bursts',
    scenario: crashFailover,
  },
  'graceful-stop': {
    name: 'graceful stop: priority 0, takeover after Skew_Time (0.609 s)',
    scenario: gracefulStop,
    others: ['master-release'],
  },
  preemption: { name: 'preemption: the old master falls silent at once', scenario: preemption },
  'tie-at-takeover': {
    name: 'equal-priority tie at takeover, higher address first, resolved in one advert',
    scenario: tieAtTakeover,
    others: ['priority-conflict'],
  },
  'tie-at-takeover-lower-first': {
    name: 'equal-priority tie at takeover, lower address first: both announce, the lower yields',
    scenario: () => tieAtTakeover({ lowerFirst: true }),
    others: ['priority-conflict'],
  },
  'frr-failover': { name: 'FRR (VRRPv3) failover: adverts and one GARP from the virtual MAC', scenario: frrFailover },
  'ipv6-failover': { name: 'keepalived IPv6 failover: unsolicited NA bursts on each takeover', scenario: ipv6Failover },
  'frr-ipv6-failover': {
    name: 'FRR IPv6 failover: the NA at the takeover, the first advert one interval later',
    scenario: frrIpv6Failover,
  },
};
