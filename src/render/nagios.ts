/**
 * A verdict as a Nagios plugin result (monitoring-plugins guidelines): the first line
 * `VRRP <STATE> - <summary> | <totals>`, then the long output, one line per virtual router and per
 * finding, and the per-group performance data after a `|` on the last line (Nagios joins both parts);
 * at most NAGIOS_LIMITS of each, with a line saying how many more.
 * Also the Checkmk local check format (render/checkmk.ts shares the metrics).
 */
import { findingTotal, severityRank, type GroupReport, type Severity } from '../report/types.js';
import type { GroupVerdict, Verdict } from '../monitor/verdict.js';
import { STATE_NAMES, groupLine, rank } from '../monitor/verdict.js';
import { keepBest } from '../util/lists.js';
import { safeText } from '../util/text.js';

/** Text from outside (messages, addresses, names) on a plugin's output: no control characters, no `|`. */
export function pluginText(s: string): string {
  return safeText(s).replace(/\|/g, '\\x7c');
}

export interface Metric {
  name: string;
  value: number;
  uom?: '' | 's';
  warn?: string;
  crit?: string;
  min?: number;
  max?: number;
}

/** `'label'=value[UOM];[warn];[crit];[min];[max]`, quoted when needed, empty trailing fields dropped. */
export function perfdata(m: Metric): string {
  const label = /[\s='|]/.test(m.name) ? `'${m.name.replace(/'/g, "''")}'` : m.name;
  const fields = [m.warn ?? '', m.crit ?? '', m.min ?? '', m.max ?? ''].map(String);
  while (fields.length && fields[fields.length - 1] === '') fields.pop();
  return [`${label}=${num(m.value)}${m.uom ?? ''}`, ...fields].join(';');
}

/** At most 3 decimals, no exponent, no trailing zeros. */
function num(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

/** The perfdata of one group: masters (CRITICAL unless exactly 1), the master's priority, routers, advert age. */
export function groupMetrics(g: GroupReport): Metric[] {
  const s = g.state;
  const out: Metric[] = [{ name: 'masters', value: s.masterCount ?? s.masters.length, crit: '1:1', min: 0 }];
  const master = s.masters.length === 1 ? s.routers.find((r) => r.address === s.masters[0]) : undefined;
  if (master) out.push({ name: 'master_priority', value: master.priority, min: 0, max: 255 });
  out.push({ name: 'routers', value: g.routerCount, min: 0 });
  if (s.lastAdvertAge !== null) {
    out.push({
      name: 'last_advert_age',
      value: s.lastAdvertAge,
      uom: 's',
      ...(s.masterDown !== null ? { crit: `~:${num(s.masterDown)}` } : {}),
      min: 0,
    });
  }
  return out;
}

/** "vrid51_ipv4_vlan10": a group's perfdata label prefix (letters, digits and `_` only). */
function metricPrefix(name: string): string {
  return name
    .toLowerCase()
    .replace(/^vrid /, 'vrid')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/_+$/, '');
}

/** Totals: groups heard, findings by severity (CRITICAL/WARNING thresholds where --fail-on makes them count). */
export function totalMetrics(v: Verdict, failOn: Severity | 'none'): Metric[] {
  const counts = v.findingCounts;
  const counted = (sev: Severity) => failOn !== 'none' && severityRank(sev) >= severityRank(failOn);
  return [
    { name: 'groups', value: v.groups.length, min: 0 },
    { name: 'findings_error', value: counts.error, ...(counted('error') ? { crit: '0' } : {}), min: 0 },
    { name: 'findings_warning', value: counts.warning, ...(counted('warning') ? { warn: '0' } : {}), min: 0 },
    { name: 'findings_info', value: counts.info, ...(counted('info') ? { warn: '0' } : {}), min: 0 },
  ];
}

/** "3 virtual routers" */
function groupsText(n: number): string {
  return `${n} virtual router${n === 1 ? '' : 's'}`;
}

/** The one-line summary: the worst problems (at most three), then how many groups were heard. */
function summary(v: Verdict): string {
  const n = v.groups.length;
  if (v.problems.length === 0) return n ? `${groupsText(n)}, one master each` : 'no virtual router heard, as expected';
  const distinct = [...new Map(v.problems.map((p) => [p.key, p.text])).values()];
  const shown = distinct.slice(0, 3);
  const more = distinct.length - shown.length;
  // No semicolons: Nagios turns them into colons in plugin output (it is its log's field separator).
  return `${shown.join(', ')}${more ? `, ${more} more` : ''} - ${groupsText(n)}`;
}

/**
 * Lines of each kind in the long output, and groups with performance data: a segment of 16,000
 * groups is still a check result a monitoring system can store (the totals count everything;
 * `vrrpscope analyze` lists it all).
 */
export const NAGIOS_LIMITS = { groups: 100, problems: 100, findings: 100 };

const stateCounts = (groups: readonly GroupVerdict[]) =>
  STATE_NAMES.map((name, s) => [name, groups.filter((g) => g.state === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([name, n]) => `${n} ${name}`)
    .join(', ');

export function renderNagios(v: Verdict, opts: { failOn: Severity | 'none'; showFrames?: number }): string {
  const lines = [
    `VRRP ${STATE_NAMES[v.state]} - ${pluginText(summary(v))} | ${totalMetrics(v, opts.failOn).map(perfdata).join(' ')}`,
  ];
  // A line per group (the worst first when there are too many to list, in the report's order).
  const listed = keepBest(v.groups, NAGIOS_LIMITS.groups, (a, b) => rank(b.state) - rank(a.state));
  for (const g of listed) lines.push(`${STATE_NAMES[g.state]}: ${pluginText(`${g.name}: ${groupLine(g.group)}`)}`);
  if (listed.length < v.groups.length) {
    const shown = new Set(listed);
    const rest = v.groups.filter((g) => !shown.has(g));
    lines.push(`... and ${rest.length} more virtual routers (${stateCounts(rest)})`);
  }
  // Problems other than findings (a split brain, no master, what was expected), then the findings.
  const problems = v.problems.filter((p) => !p.finding);
  for (const p of problems.slice(0, NAGIOS_LIMITS.problems))
    lines.push(`${STATE_NAMES[p.state]}: ${pluginText(p.text)}`);
  if (problems.length > NAGIOS_LIMITS.problems)
    lines.push(`... and ${problems.length - NAGIOS_LIMITS.problems} more problems`);
  const all = [...v.groups.flatMap((g) => g.findings), ...v.segment.findings];
  const findings = keepBest(all, NAGIOS_LIMITS.findings, (a, b) => severityRank(b.severity) - severityRank(a.severity));
  const frames = opts.showFrames ?? 10;
  for (const f of findings) {
    const where = pluginText(f.frames.slice(0, frames).join(', '));
    const evidence = f.frameCount
      ? ` [frame${f.frameCount === 1 ? '' : 's'} ${where}${f.frameCount > frames ? ` and ${f.frameCount - Math.min(frames, f.frames.length)} more` : ''}]`
      : '';
    lines.push(`${f.severity} ${pluginText(`${f.rule}: ${f.message}`)}${f.open ? ' (still going)' : ''}${evidence}`);
  }
  if (findings.length < all.length) lines.push(`... and ${findingTotal(all) - findingTotal(findings)} more findings`);
  // Performance data for the first groups in the report's order (the same labels from one run to the next).
  const groupPerf = v.groups
    .slice(0, NAGIOS_LIMITS.groups)
    .flatMap((g) => groupMetrics(g.group).map((m) => perfdata({ ...m, name: `${metricPrefix(g.name)}_${m.name}` })));
  // Per-group perfdata continues after a `|` on the last line of the long output.
  if (groupPerf.length) lines[lines.length - 1] += ` | ${groupPerf.join(' ')}`;
  return lines.join('\n') + '\n';
}
