/**
 * What the page draws, whatever the capture: a page has to open in a browser, and a segment of
 * 16,000 groups, a group of 20,000 routers or 16,000 findings would make one of 50 to 100 MB. Past
 * these limits the page draws what matters most (the groups with findings and without a single
 * master, the routers that were master longest, the errors first and those of the groups drawn) and
 * says what it left out, with its count; `--format json` has every group, router and finding.
 */
import {
  findingCount,
  severityRank,
  type Finding,
  type GroupReport,
  type Report,
  type RouterReport,
} from '../../report/types.js';
import { keepBest } from '../../util/lists.js';
import { addTo } from '../../util/multimap.js';
import { firstOf } from '../../util/text.js';

export const PAGE_LIMITS = {
  /** Groups drawn in full (picture and tables). */
  groups: 100,
  /** Router lanes (and rows of what they advertise) per group. */
  lanes: 40,
  /** Rows in the table of the groups not drawn. */
  listedGroups: 1000,
  /** Findings in the findings table, the pictures and the embedded data. */
  findings: 1000,
  /** A group's virtual addresses written in its title or row. */
  addresses: 16,
};

/** A group's virtual addresses as a title shows them: the first few, and how many more. */
export function addressesText(g: GroupReport, limit = PAGE_LIMITS.addresses): string {
  return firstOf(g.virtualAddresses, limit, ' ', g.virtualAddressCount);
}

export interface DrawnGroup {
  group: GroupReport;
  /** Its routers with a lane, in the report's order. */
  routers: RouterReport[];
}

export interface PagePlan {
  /** The groups drawn in full, in the report's order. */
  drawn: DrawnGroup[];
  /** The groups not drawn that the page lists (a row each), the most troubled first. */
  listed: GroupReport[];
  /** The findings shown, in the report's order. */
  findings: Finding[];
  /** Every finding of each group (split-brain and no-master spans come from all of them). */
  findingsOf: Map<string, Finding[]>;
  /** Whether anything was left out (the embedded data is then the drawn part; see embedded()). */
  bounded: boolean;
}

/** How troubled a group looks: errors, then warnings, then not one master at the end, then transitions. */
function trouble(g: GroupReport, findings: readonly Finding[]): number[] {
  let errors = 0;
  let warnings = 0;
  for (const f of findings) {
    if (f.severity === 'error') errors += findingCount(f);
    else if (f.severity === 'warning') warnings += findingCount(f);
  }
  return [errors, warnings, g.state.status === 'master' ? 0 : 1, g.transitionCount];
}

function compareTrouble(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return b[i] - a[i];
  return 0;
}

/** The routers that get a lane: the current masters, then those master longest, then the busiest. */
export function laneRouters(g: GroupReport, limit = PAGE_LIMITS.lanes): RouterReport[] {
  if (g.routers.length <= limit) return g.routers;
  const masterTime = new Map<string, number>();
  for (const p of g.timeline) masterTime.set(p.master, (masterTime.get(p.master) ?? 0) + (p.to - p.from));
  const now = new Set(g.state.masters);
  return keepBest(
    g.routers,
    limit,
    (a, b) =>
      Number(now.has(b.address)) - Number(now.has(a.address)) ||
      (masterTime.get(b.address) ?? -1) - (masterTime.get(a.address) ?? -1) ||
      b.adverts - a.adverts,
  );
}

export function planPage(report: Report, limits = PAGE_LIMITS): PagePlan {
  const findingsOf = new Map<string, Finding[]>();
  for (const f of report.findings) if (f.group !== undefined) addTo(findingsOf, f.group, f);
  const ranks = new Map(report.groups.map((g) => [g, trouble(g, findingsOf.get(g.id) ?? [])]));
  const position = new Map(report.groups.map((g, i) => [g, i]));
  const byTrouble = (a: GroupReport, b: GroupReport) => compareTrouble(ranks.get(a)!, ranks.get(b)!);
  const drawnGroups = keepBest(report.groups, limits.groups, byTrouble);
  const drawnSet = new Set(drawnGroups);
  const rest = report.groups.filter((g) => !drawnSet.has(g));
  const listed = keepBest(rest, limits.listedGroups, byTrouble).sort(
    (a, b) => byTrouble(a, b) || position.get(a)! - position.get(b)!,
  );
  const drawn = drawnGroups.map((group) => ({ group, routers: laneRouters(group, limits.lanes) }));
  // The errors first, then the warnings, then the rest; within each, those of the groups drawn.
  const drawnIds = new Set(drawnGroups.map((g) => g.id));
  const elsewhere = (f: Finding) => (f.group !== undefined && drawnIds.has(f.group) ? 0 : 1);
  const findings = keepBest(
    report.findings,
    limits.findings,
    (a, b) => severityRank(b.severity) - severityRank(a.severity) || elsewhere(a) - elsewhere(b),
  );
  const bounded =
    rest.length > 0 ||
    findings.length < report.findings.length ||
    drawn.some((d) => d.routers.length < d.group.routers.length);
  return { drawn, listed, findings, findingsOf, bounded };
}

/**
 * The data the page embeds: the report itself when nothing was left out; otherwise the report with
 * only the groups drawn (and their routers with a lane) and the findings shown, and a `page` object
 * with the totals, so that no reader of the data mistakes it for the whole.
 */
export function embedded(report: Report, plan: PagePlan): unknown {
  if (!plan.bounded) return report;
  return {
    ...report,
    groups: plan.drawn.map(({ group: g, routers }) => {
      if (routers.length === g.routers.length) return g;
      const lane = new Set(routers.map((r) => r.address));
      return {
        ...g,
        routers,
        state: { ...g.state, routers: g.state.routers.filter((r) => lane.has(r.address)) },
      };
    }),
    findings: plan.findings,
    page: {
      note: 'A part of the report: the groups, routers and findings this page draws. vrrpscope analyze --format json gives all of it.',
      groups: { drawn: plan.drawn.length, total: report.groups.length },
      routers: Object.fromEntries(
        plan.drawn
          .filter((d) => d.routers.length < d.group.routers.length)
          .map((d) => [d.group.id, { drawn: d.routers.length, total: d.group.routerCount }]),
      ),
      findings: { shown: plan.findings.length, total: report.findings.length },
    },
  };
}
