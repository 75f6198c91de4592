/**
 * The command line's value parsers (commander calls them per option): numbers, durations, VRIDs,
 * VLANs, time bounds, listen addresses, expectations, and rule settings. Each throws an
 * InvalidArgumentError with what was expected; every value from outside is escaped in the message.
 */
import { isIP } from 'node:net';
import { InvalidArgumentError } from 'commander';
import type { RuleSetting } from './analyze/engine.js';
import { RULES } from './analyze/rules/index.js';
import type { PacketKind } from './dissect/types.js';
import { parseListen, type Listen } from './monitor/listen.js';
import type { Expectations } from './monitor/verdict.js';
import { parseTimeBound, type TimeBound } from './render/packet-detail.js';
import type { Severity } from './report/types.js';
import { safeText } from './util/text.js';

export const KINDS: PacketKind[] = ['vrrp', 'carp', 'arp', 'nd', 'icmp'];

export function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

export function kindList(v: string): PacketKind[] {
  const kinds = v
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  for (const k of kinds) {
    if (!KINDS.includes(k as PacketKind))
      throw new InvalidArgumentError(`unknown kind "${safeText(k)}" (one of ${KINDS.join(', ')})`);
  }
  return kinds as PacketKind[];
}

const RULE_IDS = RULES.map((r) => r.meta.id);

export function vrid(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 255) throw new InvalidArgumentError('expected a VRID, 0 to 255');
  return n;
}

export function vlanId(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 4095) throw new InvalidArgumentError('expected a VLAN ID, 0 to 4095');
  return n;
}

export function timeBound(v: string): TimeBound {
  const b = parseTimeBound(v);
  if (!b)
    throw new InvalidArgumentError(
      'expected +SECONDS after the first frame (+10, +2m), epoch seconds, or a date-time (2026-11-24T00:00:10Z)',
    );
  return b;
}

/** "30s", "2m", "1h", "1.5" (seconds). */
export function duration(v: string): number {
  const m = /^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)?$/.exec(v.trim());
  if (!m) throw new InvalidArgumentError('expected a duration such as 30s, 2m or 1h');
  const n = Number(m[1]) * ({ ms: 0.001, s: 1, m: 60, h: 3600 } as Record<string, number>)[m[2] ?? 's'];
  if (!(n > 0)) throw new InvalidArgumentError('expected a positive duration');
  return n;
}

export function nonNegativeInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number');
  return n;
}

/** A VRID an operator expects to hear: 1-255 (0 is no valid VRID on the wire). */
function expectedVrid(v: string): number {
  const n = Number(v);
  if (!/^[0-9]+$/.test(v) || n < 1 || n > 255)
    throw new InvalidArgumentError(`expected a VRID (1-255), got "${safeText(v)}"`);
  return n;
}

/** "51=10.0.0.1" or "51=fe80::1" (written as the report writes addresses). */
export function expectMaster(v: string, prev: Expectations['masters']): Expectations['masters'] {
  const eq = v.indexOf('=');
  const address = v.slice(eq + 1).trim();
  const family = eq > 0 ? isIP(address) : 0;
  if (!family) throw new InvalidArgumentError(`--expect-master expects VRID=ADDRESS, got "${safeText(v)}"`);
  const canonical = family === 6 ? new URL(`http://[${address}]/`).hostname.slice(1, -1) : address;
  return [...prev, { vrid: expectedVrid(v.slice(0, eq).trim()), address: canonical }];
}

export function collectVrid(v: string, prev: number[]): number[] {
  return [...prev, expectedVrid(v)];
}

export function listenAddress(v: string): Listen {
  const l = parseListen(v);
  if (!l) throw new InvalidArgumentError(`expected [ADDRESS:]PORT, e.g. 9101 or 0.0.0.0:9101, got "${safeText(v)}"`);
  return l;
}

export function collect(v: string, prev: string[]): string[] {
  return [...prev, v];
}

/** --rule id=severity|off and --set id.option=value into per-rule settings. */
export function ruleSettings(rules: string[], sets: string[]): Record<string, RuleSetting> {
  const out: Record<string, RuleSetting> = {};
  const known = (id: string) => {
    if (!RULE_IDS.includes(id))
      throw new InvalidArgumentError(`unknown rule "${safeText(id)}" (vrrpscope rules lists them)`);
  };
  for (const r of rules) {
    const m = /^([a-z0-9-]+)=(info|warning|error|off)$/.exec(r);
    if (!m) throw new InvalidArgumentError(`--rule expects ID=info|warning|error|off, got "${safeText(r)}"`);
    known(m[1]);
    (out[m[1]] ??= {}).severity = m[2] as Severity | 'off';
  }
  for (const x of sets) {
    const m = /^([a-z0-9-]+)\.([A-Za-z]+)=(-?[0-9.]+)$/.exec(x);
    if (!m || !Number.isFinite(Number(m[3])))
      throw new InvalidArgumentError(`--set expects ID.OPTION=NUMBER, got "${safeText(x)}"`);
    known(m[1]);
    const rule = RULES.find((r) => r.meta.id === m[1])!;
    // Own options only: "toString" or "constructor" are not options of any rule.
    if (!Object.hasOwn(rule.meta.options, m[2])) {
      const names = Object.keys(rule.meta.options);
      const which = names.length ? ` (options: ${names.join(', ')})` : ' (it has no options)';
      throw new InvalidArgumentError(`rule ${m[1]} has no option "${m[2]}"${which}`);
    }
    // Every option is a count, a duration or a fraction: never negative.
    if (Number(m[3]) < 0) throw new InvalidArgumentError(`--set ${m[1]}.${m[2]} must not be negative, got ${m[3]}`);
    ((out[m[1]] ??= {}).options ??= {})[m[2]] = Number(m[3]);
  }
  return out;
}
