/**
 * The `check` state a recording's reviewed expectation (captures/real/NAME.expected.json) implies,
 * by the documented rules (README "vrrpscope check"): a finding of an error rule is CRITICAL (2),
 * of a warning rule WARNING (1), info and nothing OK. (A split brain or a group without a master at
 * the end is an error finding too: duplicate-master, no-master.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../../src/analyze/rules/index.js';
import { CAPTURES } from './paths.js';

export function impliedCheckState(recording: string): number {
  const path = join(CAPTURES, 'real', `${recording}.expected.json`);
  const expected = JSON.parse(readFileSync(path, 'utf8')) as { findings: string[] };
  const severities = expected.findings.map(
    (f) => RULES.find((r) => r.meta.id === f.split(' ')[0])!.meta.defaultSeverity,
  );
  return severities.includes('error') ? 2 : severities.includes('warning') ? 1 : 0;
}
