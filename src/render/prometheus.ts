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
import {
  findingCount,
  TRANSITION_CAUSES,
  type GroupReport,
  type GroupStatus,
  type Report,
  type Severity,
} from '../report/types.js';
import { maxOf } from '../util/lists.js';

/** Routers silent for longer than this leave the router series (seconds; README documents it). */
export const ROUTER_EXPIRY_SECONDS = 600;

/** A finding with evidence this recent (seconds), or still going at the end of a capture, is active. */
const ACTIVE_FINDING_SECONDS = 60;

export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const STATUSES: readonly GroupStatus[] = ['master', 'contested', 'split-brain', 'no-master', 'unknown'];

type Labels = Record<string, string>;
/** A sample's labels as written between the braces (see labelText), and its value. */
interface Sample {
  labels: string;
  value: number;
}
interface Family {
  name: string;
  help: string;
  type: 'gauge' | 'counter';
  /**
   * The samples, made as they are written: those of every group and router (300,000 for a segment of
   * 16,000 groups) are never all held at once.
   */
  samples: () => Iterable<Sample>;
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
  const f = (name: string, type: Family['type'], help: string, samples: () => Iterable<Sample>): Family => ({
    name,
    help,
    type,
    samples,
  });
  const one = (labels: string, value: number): Sample[] => [{ labels, value }];
  const c = report.counts;
  const other = c.frames - c.vrrp - c.carp - c.arp - c.nd;
  const last = maxOf(report.groups, (g) => maxOf(g.routers, (r) => r.lastSeen));

  // Each group's labels, written once and shared by its every sample.
  const labels = report.groups.map((g) => labelText(groupLabels(g)));
  /** Per group: a sample of `value(g)` with its labels, where value is not null. */
  const perGroup = (value: (g: GroupReport) => number | null) =>
    function* (): Generator<Sample> {
      for (let i = 0; i < report.groups.length; i++) {
        const v = value(report.groups[i]);
        if (v !== null) yield { labels: labels[i], value: v };
      }
    };
  /** Per router heard within the expiry: a sample of `value(g, r)` with the group's labels and its own. */
  const perRouter = (value: (s: GroupReport['state'], r: GroupReport['state']['routers'][number]) => number) =>
    function* (): Generator<Sample> {
      for (let i = 0; i < report.groups.length; i++) {
        const s = report.groups[i].state;
        for (const r of s.routers)
          if (r.silentFor <= expiry)
            yield { labels: withLabels(labels[i], labelText({ router: r.address })), value: value(s, r) };
      }
    };

  // Findings: counters and gauges start at 0 for every enabled rule, so the first one is an increase.
  const now = opts.now ?? report.span?.to ?? null;
  const key = (rule: string, severity: string) => `${rule}\u0000${severity}`;
  const counts = new Map<string, [number, number]>();
  for (const r of enabledRules(opts.rules)) counts.set(key(r.id, r.severity), [0, 0]);
  for (const x of report.findings) {
    const k = key(x.rule, x.severity);
    const n = counts.get(k) ?? [0, 0];
    // A finding that stands for those past the ones listed counts them all (findingCount).
    n[0] += findingCount(x);
    if (x.open || (now !== null && now - x.to <= ACTIVE_FINDING_SECONDS)) n[1]++;
    counts.set(k, n);
  }
  const perRule = (which: 0 | 1) =>
    function* (): Generator<Sample> {
      for (const [k, n] of counts) {
        const [rule, severity] = k.split('\u0000');
        yield { labels: labelText({ rule, severity }), value: n[which] };
      }
    };

  return [
    f('vrrpscope_build_info', 'gauge', 'vrrpscope version (always 1).', () =>
      one(labelText({ version: opts.version }), 1),
    ),
    f('vrrpscope_packets_total', 'counter', 'Frames read, by what they carried.', () =>
      (
        [
          ['vrrp', c.vrrp],
          ['carp', c.carp],
          ['arp', c.arp],
          ['nd', c.nd],
          ['other', other],
        ] as const
      ).map(([kind, n]) => ({ labels: labelText({ kind }), value: n })),
    ),
    f('vrrpscope_malformed_packets_total', 'counter', 'Frames with a decoding problem.', () => one('', c.malformed)),
    f('vrrpscope_capture_dropped_packets_total', 'counter', 'Frames the kernel dropped (live capture).', () =>
      opts.dropped !== undefined ? one('', opts.dropped) : [],
    ),
    f(
      'vrrpscope_last_advert_timestamp_seconds',
      'gauge',
      'Time of the last VRRP advertisement heard on the segment (Unix seconds).',
      () => (Number.isFinite(last) ? one('', last) : []),
    ),
    f('vrrpscope_groups', 'gauge', 'Virtual routers (VRRP groups) heard.', () => one('', report.groups.length)),
    f(
      'vrrpscope_group_masters',
      'gauge',
      'Routers acting as master of the group now: 1 healthy, 0 no master, 2 or more split brain.',
      perGroup((g) => g.state.masterCount ?? g.state.masters.length),
    ),
    f(
      'vrrpscope_group_status',
      'gauge',
      'The group status now: 1 for the current status, 0 for the others.',
      function* () {
        for (let i = 0; i < report.groups.length; i++) {
          const st = report.groups[i].state.status;
          for (const x of STATUSES)
            yield { labels: withLabels(labels[i], labelText({ status: x })), value: x === st ? 1 : 0 };
        }
      },
    ),
    f(
      'vrrpscope_group_master_down_interval_seconds',
      'gauge',
      "Master_Down_Interval of a priority-100 backup under the group's master (RFC 3768/5798).",
      perGroup((g) => g.state.masterDown),
    ),
    f(
      'vrrpscope_group_last_advert_age_seconds',
      'gauge',
      "Seconds since the master's last advertisement (with no master: the last master heard).",
      perGroup((g) => g.state.lastAdvertAge),
    ),
    f(
      'vrrpscope_router_master',
      'gauge',
      'The router acts as master of the group now (1) or not (0).',
      perRouter((s, r) => (s.masters.includes(r.address) ? 1 : 0)),
    ),
    f(
      'vrrpscope_router_priority',
      'gauge',
      'Last priority above 0 the router advertised.',
      perRouter((_, r) => r.priority),
    ),
    f(
      'vrrpscope_router_last_advert_age_seconds',
      'gauge',
      `Seconds since the router's last advertisement (routers silent for over ${expiry} s are dropped).`,
      perRouter((_, r) => r.silentFor),
    ),
    f('vrrpscope_transitions_total', 'counter', 'Master changes of the group, by cause.', function* () {
      for (let i = 0; i < report.groups.length; i++) {
        // Every transition, counted whether the report still lists it or not (it keeps a long history's
        // first and latest only).
        const counted = report.groups[i].transitionCauses;
        for (const cause of TRANSITION_CAUSES)
          yield { labels: withLabels(labels[i], labelText({ cause })), value: counted[cause] ?? 0 };
      }
    }),
    f('vrrpscope_findings_total', 'counter', 'Findings raised, by rule and severity.', perRule(0)),
    f(
      'vrrpscope_active_findings',
      'gauge',
      `Findings still going on: evidence in the last ${ACTIVE_FINDING_SECONDS} s, or open at the end of a capture.`,
      perRule(1),
    ),
  ];
}

/** The exposition text: `# HELP`, `# TYPE`, then the samples of each family. */
export function renderPrometheus(report: Report, opts: MetricsOptions): string {
  return [...prometheusLines(report, opts)].join('\n') + '\n';
}

/** renderPrometheus's lines, one at a time (a segment of 16,000 groups is 28 MB of text). */
export function* prometheusLines(report: Report, opts: MetricsOptions): Generator<string, void, undefined> {
  for (const fam of metricFamilies(report, opts)) {
    // Dropped frames are known only live: a file's exposition leaves the family out.
    if (fam.name === 'vrrpscope_capture_dropped_packets_total' && opts.dropped === undefined) continue;
    yield `# HELP ${fam.name} ${fam.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`;
    yield `# TYPE ${fam.name} ${fam.type}`;
    for (const s of fam.samples()) yield `${fam.name}${s.labels ? `{${s.labels}}` : ''} ${value(s.value)}`;
  }
}
