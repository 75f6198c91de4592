/**
 * Baselines: a saved report whose findings a later run must reproduce, for regression runs over a
 * user's own capture fixtures in CI. Findings are compared by rule, group and routers (not times,
 * frames or wording), as multisets: a finding that appears more or fewer times is a difference.
 */
import type { Finding, Report } from '../report/types.js';
import { addTo } from '../util/multimap.js';

export interface BaselineDiff {
  added: Finding[];
  missing: Finding[];
}

/**
 * What a finding is compared by. A finding that stands for those past the ones listed (`count`)
 * is compared with its count: more or fewer of them is a difference too.
 */
export function findingKey(f: Pick<Finding, 'rule' | 'group' | 'routers' | 'count'>): string {
  return `${f.rule} ${f.group ?? '-'} ${[...f.routers].sort().join(',')}${f.count === undefined ? '' : ` x${f.count}`}`;
}

export function compareWithBaseline(current: Report, baseline: Pick<Report, 'findings'>): BaselineDiff {
  const remaining = new Map<string, Finding[]>();
  for (const f of baseline.findings) {
    // Appended in place: a baseline of 200,000 findings with one key is linear, not quadratic.
    addTo(remaining, findingKey(f), f);
  }
  const added: Finding[] = [];
  for (const f of current.findings) {
    const list = remaining.get(findingKey(f));
    if (list && list.length > 0) list.pop();
    else added.push(f);
  }
  const missing = [...remaining.values()].flat();
  return { added, missing };
}

/** Checks that parsed JSON looks like a vrrpscope report; returns a reason when it does not. */
export function baselineProblem(x: unknown): string | null {
  if (typeof x !== 'object' || x === null) return 'not a JSON object';
  const r = x as Partial<Omit<Report, 'schemaVersion'>> & { schemaVersion?: unknown };
  // Findings are compared by rule, group and routers, which both versions have.
  if (r.schemaVersion !== 1 && r.schemaVersion !== 2 && r.schemaVersion !== 3)
    return `unsupported schemaVersion ${JSON.stringify(r.schemaVersion)} (expected 1, 2 or 3)`;
  if (!Array.isArray(r.findings)) return 'no findings array';
  for (const [i, x] of (r.findings as unknown[]).entries()) {
    const f = x as Partial<Record<keyof Finding, unknown>> | null;
    const where = `finding ${i + 1}`;
    if (typeof f !== 'object' || f === null) return `${where} is not an object`;
    if (typeof f.rule !== 'string') return `${where}: "rule" is not a string`;
    if (!Array.isArray(f.routers) || !f.routers.every((a) => typeof a === 'string'))
      return `${where}: "routers" is not a list of strings`;
    if (f.group !== undefined && typeof f.group !== 'string') return `${where}: "group" is not a string`;
    if (f.message !== undefined && typeof f.message !== 'string') return `${where}: "message" is not a string`;
  }
  return null;
}
