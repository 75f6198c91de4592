/**
 * A verdict as Checkmk local check lines: one service per virtual router ("VRRP VRID 51 ipv4 vlan
 * 10") and one for the segment ("VRRP segment": findings outside any group, expectations, totals).
 * `<state> "<service>" <metrics> <details>`; metrics `name=value;warn;crit;min;max` joined by `|`
 * (Checkmk levels have no `@` or `~`); `\n` in the details starts Checkmk's long output.
 */
import type { Severity } from '../report/types.js';
import { STATE_NAMES, groupLine, type Problem, type Verdict } from '../monitor/verdict.js';
import { plural } from '../util/text.js';
import { groupMetrics, pluginText, totalMetrics, type Metric } from './nagios.js';

/** The agent section header, for use as an agent plugin (--checkmk-header). */
export const CHECKMK_HEADER = '<<<local:sep(0)>>>';

function metric(m: Metric): string {
  // Checkmk knows upper levels only: "~:3.6" (above 3.6) becomes 3.6; a "1:1" range stays as it is.
  const level = (l?: string) => (l ?? '').replace(/^~:/, '');
  const fields = [level(m.warn), level(m.crit), m.min ?? '', m.max ?? ''].map(String);
  while (fields.length && fields[fields.length - 1] === '') fields.pop();
  return [`${m.name}=${Math.round(m.value * 1000) / 1000}`, ...fields].join(';');
}

/** Problems written in one service's long output (a line of the agent's output holds them all). */
export const CHECKMK_PROBLEMS = 20;

/** Details: the first line, then the problems as Checkmk long output (a literal backslash-n). */
function details(first: string, problems: Problem[]): string {
  const shown = problems.slice(0, CHECKMK_PROBLEMS);
  const text = [
    first,
    ...shown.map((p) => `${STATE_NAMES[p.state]}: ${p.finding?.message ?? p.text}`),
    ...(problems.length > shown.length ? [`... and ${problems.length - shown.length} more problems`] : []),
  ].map(pluginText);
  return text.join('\\n');
}

export function renderCheckmk(v: Verdict, opts: { failOn: Severity | 'none'; header: boolean }): string {
  const lines: string[] = opts.header ? [CHECKMK_HEADER] : [];
  for (const g of v.groups) {
    const metrics = groupMetrics(g.group).map(metric).join('|');
    lines.push(`${g.state} "VRRP ${g.name}" ${metrics} ${details(groupLine(g.group), g.problems)}`);
  }
  const totals = totalMetrics(v, opts.failOn).map(metric).join('|');
  const c = v.findingCounts;
  const first = `${plural(v.groups.length, 'virtual router')} heard; findings: ${c.error} error, ${c.warning} warning, ${c.info} info`;
  lines.push(`${v.segment.state} "VRRP segment" ${totals} ${details(first, v.segment.problems)}`);
  return lines.join('\n') + '\n';
}
