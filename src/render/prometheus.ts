/**
 * A report as Prometheus metrics, text exposition format 0.0.4: what `live --metrics` serves on
 * /metrics and `analyze --format prometheus` prints. The metric contract is documented in the README
 * ("Prometheus metrics") and stable: names, types and labels change only with a new major version.
 *
 * Labels are bounded: a group is (segment, vlan, family, vrid [, tunnel]), a router its address, a
 * finding its rule and severity; never a frame number, a time or a state in a counter's labels.
 */
import type { RuleSetting } from '../analyze/engine.js';
import { RULES } from '../analyze/rules/index.js';
import type { GroupReport, GroupStatus, Report, Severity, TransitionCause } from '../report/types.js';

/** Routers silent for longer than this leave the router series (seconds; README documents it). */
export const ROUTER_EXPIRY_SECONDS = 600;

/** A finding with evidence this recent (seconds), or still going at the end of a capture, is active. */
const ACTIVE_FINDING_SECONDS = 60;

export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const CAUSES: readonly TransitionCause[] = [
  'startup',
  'master-down',
  'release',
  'priority-drop',
  'preemption',
  'split-brain',
  'split-brain-end',
];
const STATUSES: readonly GroupStatus[] = ['master', 'contested', 'split-brain', 'no-master', 'unknown'];

type Labels = Record<string, string>;
interface Family {
  name: string;
  help: string;
  type: 'gauge' | 'counter';
  /** Each sample's labels as written between the braces (see labelText), and its value. */
  samples: { labels: string; value: number }[];
}

export interface MetricsOptions {
  version: string;
  /** Rule settings (--rule): every enabled rule gets its findings counters at 0 from the start. */
  rules?: Record<string, RuleSetting>;
  /** Live capture: packets the kernel dropped. */
  dropped?: number;
  /** Default ROUTER_EXPIRY_SECONDS. */
  routerExpiry?: number;
  /** The report's time (live: now; a file: its last packet): what "active" findings are measured from. */
  now: number | null;
}

function escapeLabel(v: string): string {
  if (!/[\\"\n]/.test(v)) return v;
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/**
 * Labels as the exposition format writes them between the braces (`k="v",...`), escaped. A group's
 * labels are written once and shared by its every sample: a segment of 16,000 groups has 300,000.
 */
function labelText(labels: Labels): string {
  let out = '';
  for (const k in labels) out += `${out ? ',' : ''}${k}="${escapeLabel(labels[k])}"`;
  return out;
}

/** Two label texts as one. */
function withLabels(a: string, b: string): string {
  return a && b ? `${a},${b}` : a || b;
}

function value(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  return String(Math.round(n * 1e6) / 1e6);
}

function groupLabels(g: GroupReport): Labels {
  const labels: Labels = {
    segment: String(g.segment),
    vlan: g.vlan.join('.'),
    family: g.family,
    vrid: String(g.vrid),
  };
  if (g.tunnel) labels.tunnel = g.tunnel.map((t) => `${t.type}:${t.id}`).join('/');
  return labels;
}

/** Each enabled rule with the severity its findings get. */
function enabledRules(settings: Record<string, RuleSetting> = {}): { id: string; severity: Severity }[] {
  return RULES.flatMap((r) => {
    const s = settings[r.meta.id]?.severity ?? r.meta.defaultSeverity;
    return s === 'off' ? [] : [{ id: r.meta.id, severity: s }];
  });
}

function metricFamilies(report: Report, opts: MetricsOptions): Family[] {
  const expiry = opts.routerExpiry ?? ROUTER_EXPIRY_SECONDS;
  const f = (name: string, type: Family['type'], help: string): Family => ({ name, help, type, samples: [] });
  const build = f('vrrpscope_build_info', 'gauge', 'vrrpscope version (always 1).');
  build.samples.push({ labels: labelText({ version: opts.version }), value: 1 });

  const c = report.counts;
  const packets = f('vrrpscope_packets_total', 'counter', 'Frames read, by what they carried.');
  const other = c.frames - c.vrrp - c.carp - c.arp - c.nd;
  for (const [kind, n] of [
    ['vrrp', c.vrrp],
    ['carp', c.carp],
    ['arp', c.arp],
    ['nd', c.nd],
    ['other', other],
  ] as const)
    packets.samples.push({ labels: labelText({ kind }), value: n });
  const malformed = f('vrrpscope_malformed_packets_total', 'counter', 'Frames with a decoding problem.');
  malformed.samples.push({ labels: '', value: c.malformed });
  const dropped = f('vrrpscope_capture_dropped_packets_total', 'counter', 'Frames the kernel dropped (live capture).');
  if (opts.dropped !== undefined) dropped.samples.push({ labels: '', value: opts.dropped });

  const lastAdvert = f(
    'vrrpscope_last_advert_timestamp_seconds',
    'gauge',
    'Time of the last VRRP advertisement heard on the segment (Unix seconds).',
  );
  const last = Math.max(-Infinity, ...report.groups.flatMap((g) => g.routers.map((r) => r.lastSeen)));
  if (Number.isFinite(last)) lastAdvert.samples.push({ labels: '', value: last });

  const groups = f('vrrpscope_groups', 'gauge', 'Virtual routers (VRRP groups) heard.');
  groups.samples.push({ labels: '', value: report.groups.length });
  const masters = f(
    'vrrpscope_group_masters',
    'gauge',
    'Routers acting as master of the group now: 1 healthy, 0 no master, 2 or more split brain.',
  );
  const status = f(
    'vrrpscope_group_status',
    'gauge',
    'The group status now: 1 for the current status, 0 for the others.',
  );
  const masterDown = f(
    'vrrpscope_group_master_down_interval_seconds',
    'gauge',
    "Master_Down_Interval of a priority-100 backup under the group's master (RFC 3768/5798).",
  );
  const groupAge = f(
    'vrrpscope_group_last_advert_age_seconds',
    'gauge',
    "Seconds since the master's last advertisement (with no master: the last master heard).",
  );
  const routerMaster = f(
    'vrrpscope_router_master',
    'gauge',
    'The router acts as master of the group now (1) or not (0).',
  );
  const routerPriority = f('vrrpscope_router_priority', 'gauge', 'Last priority above 0 the router advertised.');
  const routerAge = f(
    'vrrpscope_router_last_advert_age_seconds',
    'gauge',
    `Seconds since the router's last advertisement (routers silent for over ${expiry} s are dropped).`,
  );
  const transitions = f('vrrpscope_transitions_total', 'counter', 'Master changes of the group, by cause.');

  for (const g of report.groups) {
    const labels = labelText(groupLabels(g));
    const s = g.state;
    masters.samples.push({ labels, value: s.masters.length });
    for (const st of STATUSES)
      status.samples.push({ labels: withLabels(labels, labelText({ status: st })), value: st === s.status ? 1 : 0 });
    if (s.masterDown !== null) masterDown.samples.push({ labels, value: s.masterDown });
    if (s.lastAdvertAge !== null) groupAge.samples.push({ labels, value: s.lastAdvertAge });
    for (const r of s.routers) {
      if (r.silentFor > expiry) continue;
      const rl = withLabels(labels, labelText({ router: r.address }));
      routerMaster.samples.push({ labels: rl, value: s.masters.includes(r.address) ? 1 : 0 });
      routerPriority.samples.push({ labels: rl, value: r.priority });
      routerAge.samples.push({ labels: rl, value: r.silentFor });
    }
    const byCause = new Map<TransitionCause, number>(CAUSES.map((k) => [k, 0]));
    for (const t of g.transitions) byCause.set(t.cause, (byCause.get(t.cause) ?? 0) + 1);
    for (const [cause, n] of byCause)
      transitions.samples.push({ labels: withLabels(labels, labelText({ cause })), value: n });
  }

  // Findings: counters and gauges start at 0 for every enabled rule, so the first one is an increase.
  const total = f('vrrpscope_findings_total', 'counter', 'Findings raised, by rule and severity.');
  const active = f(
    'vrrpscope_active_findings',
    'gauge',
    `Findings still going on: evidence in the last ${ACTIVE_FINDING_SECONDS} s, or open at the end of a capture.`,
  );
  const now = opts.now ?? report.span?.to ?? null;
  const key = (rule: string, severity: string) => `${rule}\u0000${severity}`;
  const counts = new Map<string, [number, number]>();
  for (const r of enabledRules(opts.rules)) counts.set(key(r.id, r.severity), [0, 0]);
  for (const x of report.findings) {
    const k = key(x.rule, x.severity);
    const n = counts.get(k) ?? [0, 0];
    n[0]++;
    if (x.open || (now !== null && now - x.to <= ACTIVE_FINDING_SECONDS)) n[1]++;
    counts.set(k, n);
  }
  for (const [k, [n, open]] of counts) {
    const [rule, severity] = k.split('\u0000');
    const labels = labelText({ rule, severity });
    total.samples.push({ labels, value: n });
    active.samples.push({ labels, value: open });
  }

  return [
    build,
    packets,
    malformed,
    dropped,
    lastAdvert,
    groups,
    masters,
    status,
    masterDown,
    groupAge,
    routerMaster,
    routerPriority,
    routerAge,
    transitions,
    total,
    active,
  ];
}

/** The exposition text: `# HELP`, `# TYPE`, then the samples of each family. */
export function renderPrometheus(report: Report, opts: MetricsOptions): string {
  const out: string[] = [];
  for (const fam of metricFamilies(report, opts)) {
    if (fam.samples.length === 0 && fam.name === 'vrrpscope_capture_dropped_packets_total') continue;
    out.push(
      `# HELP ${fam.name} ${fam.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`,
      `# TYPE ${fam.name} ${fam.type}`,
    );
    for (const s of fam.samples) out.push(`${fam.name}${s.labels ? `{${s.labels}}` : ''} ${value(s.value)}`);
  }
  return out.join('\n') + '\n';
}
