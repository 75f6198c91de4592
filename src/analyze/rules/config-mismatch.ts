/**
 * config-mismatch: members of one group disagree on advertisement interval, address list,
 * authentication or version. VRRPv2 routers silently discard adverts that differ (RFC 3768 7.1),
 * so both become master; VRRPv3 backups adopt the master's interval, so an interval difference
 * there only matters when the roles change.
 */
import type { Finding, FrameRef } from '../../report/types.js';
import { addTo } from '../../util/multimap.js';
import { competes, type GroupState, type RouterState } from '../model.js';
import { firstOfPair } from '../addresses.js';
import type { LazyMessage, Rule, RuleContext, RuleMessage } from '../rule.js';
import { CompetingClasses } from './competing-classes.js';
import { addressSetKey, anyOf, FindingMap, groupName, NamedSet, RouterClasses } from './util.js';

type Aspect = 'interval' | 'addresses' | 'authentication' | 'version';

/**
 * The same addresses, in any order (the same order, the common case, costs no sorting; nor do a
 * few addresses in another order).
 */
function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  if (i === a.length) return true;
  if (a.length <= 8) {
    // Each address of a in b, and no address twice in a that b has once (the lists are short).
    for (const x of a) if (!b.includes(x) || count(a, x) !== count(b, x)) return false;
    return true;
  }
  return addressSetKey(a) === addressSetKey(b);
}

function count(list: readonly string[], x: string): number {
  let n = 0;
  for (const y of list) if (y === x) n++;
  return n;
}

/**
 * Past this many routers in a group (a spoofing tool, a flood; a real group has a handful), pairs
 * without a finding yet are counted per aspect, not given a finding each (n routers in two
 * configurations would make n^2/4 of them), and an advert is compared with one router of each
 * of the first FLOOD_CLASSES other configurations only.
 */
const FLOOD_ROUTERS = 32;
const FLOOD_CLASSES = 16;

/** A group's routers that disagree with another on one aspect, in a flood, and their finding. */
interface Flood {
  routers: NamedSet;
  finding: Finding;
  /** Its message from the routers as they stand, made when the finding is read (one function per flood, not a message per advert). */
  message: LazyMessage;
}

const ASPECT_TEXT: Record<Aspect, string> = {
  interval: 'the advertisement interval',
  addresses: 'the virtual addresses',
  authentication: 'authentication',
  version: 'the VRRP version',
};

/** Nothing differs (the common case: no list built per advert and pair). Not frozen: see NO_GROUPS in segments.ts. */
const NONE: readonly Aspect[] = [];

export function differences(a: RouterState, b: RouterState): readonly Aspect[] {
  const version = a.version !== b.version;
  const interval = a.intervalCs !== b.intervalCs;
  // Disjoint lists are a VRID collision, not a mismatch (vrid-collision).
  const addresses =
    !a.partialAddresses &&
    !b.partialAddresses &&
    !sameSet(a.addresses, b.addresses) &&
    a.addresses.some((x) => b.addresses.includes(x));
  // Auth data matters only for simple-text authentication (RFC 3768 5.3.6.1: type 0 data is ignored).
  const authentication =
    a.version === 2 &&
    b.version === 2 &&
    (a.authType !== b.authType || (a.authType === 1 && a.authData !== b.authData));
  if (!version && !interval && !addresses && !authentication) return NONE;
  const out: Aspect[] = [];
  if (version) out.push('version');
  if (interval) out.push('interval');
  if (addresses) out.push('addresses');
  if (authentication) out.push('authentication');
  return out;
}

/** An interval in centiseconds as people say it: "1 s", "0.5 s". */
function seconds(cs: number): string {
  return `${Number((cs / 100).toFixed(2))} s`;
}

const AUTH: Record<number, string> = { 0: 'none', 1: 'simple-text password', 2: 'IP authentication header' };

/** A VRRPv2 authentication type in words: "simple-text password", "none". */
function authText(type: number): string {
  return AUTH[type] ?? `authentication type ${type}`;
}

/** The message and the values compared (the consequence for an interval depends on the version). */
function mismatch(aspect: Aspect, g: GroupState, a: RouterState, b: RouterState, version: number): RuleMessage {
  const who = { a: a.address, b: b.address, group: groupName(g) };
  switch (aspect) {
    case 'interval':
      // aValue/bValue stay the wire values (centiseconds); the sentence says seconds.
      return {
        messageId: version === 3 ? 'intervalV3' : 'interval',
        data: {
          ...who,
          aValue: a.intervalCs,
          bValue: b.intervalCs,
          aText: seconds(a.intervalCs),
          bText: seconds(b.intervalCs),
        },
      };
    case 'addresses':
      return {
        messageId: 'addresses',
        data: { ...who, aValue: a.addresses.join(', '), bValue: b.addresses.join(', ') },
      };
    case 'authentication':
      // Compared for VRRPv2 only, whose adverts always carry an authentication type.
      return a.authType !== b.authType
        ? {
            messageId: 'authType',
            data: {
              ...who,
              aValue: a.authType!,
              bValue: b.authType!,
              aText: authText(a.authType!),
              bText: authText(b.authType!),
            },
          }
        : { messageId: 'authData', data: who };
    case 'version':
      return { messageId: 'version', data: { ...who, aValue: a.version, bValue: b.version } };
  }
}

/**
 * Every message: `{{a}}` and `{{b}}` the two routers (lower address first), `aValue`/`bValue` their
 * settings as on the wire, `aText`/`bText` the same in words (seconds, authentication names).
 */
const DISAGREE = '{{a}} and {{b}} disagree on {{group}}: ';
const DISCARD = 'routers discard adverts that differ, so each may become master.';
const ADOPT = "VRRPv3 backups adopt the master's interval, but the configurations differ.";

export const configMismatch: Rule = {
  meta: {
    id: 'config-mismatch',
    defaultSeverity: 'error',
    description: 'Members of one group disagree on interval, address list, authentication or version.',
    options: {},
    messages: {
      interval: `${DISAGREE}advertisement interval {{aText}} vs {{bText}} ({{aValue}} vs {{bValue}} cs on the wire); ${DISCARD}`,
      intervalV3: `${DISAGREE}advertisement interval {{aText}} vs {{bText}} ({{aValue}} vs {{bValue}} cs on the wire); ${ADOPT}`,
      addresses: `${DISAGREE}virtual addresses [{{aValue}}] vs [{{bValue}}]; ${DISCARD}`,
      authType: `${DISAGREE}authentication {{aText}} vs {{bText}} (type {{aValue}} vs {{bValue}}); ${DISCARD}`,
      authData: `${DISAGREE}authentication data (passwords differ); ${DISCARD}`,
      version: `${DISAGREE}VRRP version {{aValue}} vs {{bValue}}; ${DISCARD}`,
      /**
       * A group of more than FLOOD_ROUTERS routers (a spoofing tool, a flood): the routers that
       * disagree with another on one aspect, counted in one finding instead of a finding per pair.
       */
      many: `{{count}} routers of {{group}} disagree with others on {{aspect}} ({{routers}}); ${DISCARD}`,
    },
  },
  create(ctx) {
    const found = mismatchFindings(ctx);
    // Routers whose configurations are the same differ in nothing: each advert is compared with
    // one router of each other configuration, not with every router of the group.
    const keys = new Map<RouterState, ConfigKey>();
    const classes = new RouterClasses((r) => configKey(keys, r));
    const competing = new CompetingClasses((r) => configKey(keys, r));
    /** Per router, the others that differ from it, as its classes stood at `changes` (see othersOf). */
    const differing = new Map<RouterState, { changes: number; others: readonly Differing[] }>();
    /** Per router, the pairs it has a finding for (what a flood still extends). */
    const pairsOf = new Map<RouterState, { other: RouterState; aspect: Aspect }[]>();
    /** Per group and aspect, in a flood: the routers that disagree, and their finding. */
    const floods = new Map<GroupState, Map<Aspect, Flood>>();
    const note = (aspect: Aspect, g: GroupState, r: RouterState, other: RouterState, time: number, frame: FrameRef) => {
      if (noteMismatch(found, aspect, g, r, other, time, frame)) {
        addTo(pairsOf, r, { other, aspect });
        addTo(pairsOf, other, { other: r, aspect });
      }
    };
    /**
     * A group past FLOOD_ROUTERS: r's pairs that have a finding are extended as before; any other
     * disagreement, with one router of each of the first FLOOD_CLASSES other configurations, is
     * counted in the group's finding for that aspect. An advert costs a bounded amount, whatever
     * the number of routers and configurations.
     */
    const flood = (
      g: GroupState,
      r: RouterState,
      groupClasses: Map<string, Set<RouterState>>,
      key: string,
      time: number,
      frame: FrameRef,
    ) => {
      for (const { other, aspect } of pairsOf.get(r) ?? [])
        if (other.adverts > 0 && differences(r, other).includes(aspect)) note(aspect, g, r, other, time, frame);
      // The aspects r disagrees on, with one router of each configuration it disagrees with.
      let touched: Map<Aspect, RouterState[]> | null = null;
      for (const k of competing.of(g, r, key, FLOOD_CLASSES, groupClasses)) {
        const rep = anyOf(groupClasses.get(k)!);
        if (rep.adverts === 0 || !competes(r, rep)) continue;
        for (const aspect of differences(r, rep)) addTo((touched ??= new Map<Aspect, RouterState[]>()), aspect, rep);
      }
      if (!touched) return;
      let byAspect = floods.get(g);
      if (!byAspect) floods.set(g, (byAspect = new Map<Aspect, Flood>()));
      // Each aspect's finding extended once per advert; its message written again only when it grew.
      for (const [aspect, reps] of touched) {
        const fl = byAspect.get(aspect);
        const routers = fl?.routers ?? new NamedSet();
        let grew = false;
        for (const x of reps) if (routers.add(x.address)) grew = true;
        if (routers.add(r.address)) grew = true;
        if (!fl) {
          const message: LazyMessage = () => ({
            messageId: 'many',
            data: {
              count: routers.size,
              group: groupName(g),
              aspect: ASPECT_TEXT[aspect],
              routers: routers.toString(),
            },
          });
          const finding = ctx.report({
            group: g,
            from: time,
            to: time,
            routers: [...routers.first],
            addresses: g.virtualAddresses,
            frames: [...reps.map((x) => x.lastFrame!), frame],
            ...message(),
          });
          byAspect.set(aspect, { routers, finding, message });
        } else if (grew) {
          // The routers named change only while fewer than NamedSet's first few are named.
          if (fl.finding.routers.length !== routers.first.length) fl.finding.routers = [...routers.first];
          ctx.extend(fl.finding, time, [...reps.map((x) => x.lastFrame!), frame], fl.message);
        } else ctx.extendFrame(fl.finding, time, frame);
      }
    };
    return {
      advert(e) {
        const { group: g, router: r, time, frame } = e;
        // Alone, or everyone agrees: the common cases (a router alone has no key worked out).
        if (g.routers.size < 2) return;
        const key = configKey(keys, r);
        const groupClasses = classes.place(g, r, key)!;
        if (groupClasses.size === 1) return;
        if (g.routers.size > FLOOD_ROUTERS) {
          flood(g, r, groupClasses, key, time, frame);
          return;
        }
        // The other routers that differ, with how: worked out again only when a router changed
        // class (a configuration, or a router new to the group), else the same as at r's last advert.
        let memo = differing.get(r);
        if (!memo || memo.changes !== classes.changes) {
          memo = { changes: classes.changes, others: othersOf(r, key, groupClasses) };
          differing.set(r, memo);
        }
        for (const { router: other, aspects } of memo.others) {
          if (other.adverts === 0) continue;
          for (const aspect of aspects) note(aspect, g, r, other, time, frame);
        }
      },
    };
  },
};

/** Another router of the group, and the aspects it differs from a router on. */
interface Differing {
  router: RouterState;
  aspects: readonly Aspect[];
}

/**
 * The routers of `classes` that differ from r (of class `key`), with how (the same for every member
 * of a class), in the order they were first heard, as a walk over the group's routers would go.
 * Two clusters sharing a VRID are vrid-collision's business, not a mismatch: only the classes that
 * share an address with r (or have none) are compared. A group this small has few classes: each
 * is looked at (the index by address is for floods).
 */
function othersOf(r: RouterState, key: string, classes: Map<string, Set<RouterState>>): Differing[] {
  const others: Differing[] = [];
  for (const [k, members] of classes) {
    if (k === key) continue;
    const rep = anyOf(members);
    if (!competes(r, rep)) continue;
    const aspects = differences(r, rep);
    if (aspects === NONE) continue;
    for (const o of members) others.push({ router: o, aspects });
  }
  if (others.length > 1) others.sort((a, b) => a.router.ordinal - b.router.ordinal);
  return others;
}

/** Per aspect, findings under the pair's lower router and keyed by the higher. */
export function mismatchFindings(ctx: RuleContext): Record<Aspect, FindingMap> {
  return {
    interval: new FindingMap(ctx),
    addresses: new FindingMap(ctx),
    authentication: new FindingMap(ctx),
    version: new FindingMap(ctx),
  };
}

/**
 * An advert of `r` shows it disagrees with `other` on `aspect`: the pair's finding, extended or
 * raised (true: raised).
 */
export function noteMismatch(
  found: Record<Aspect, FindingMap>,
  aspect: Aspect,
  g: GroupState,
  r: RouterState,
  other: RouterState,
  time: number,
  frame: FrameRef,
): boolean {
  const a = firstOfPair(r, other);
  const b = a === r ? other : r;
  if (found[aspect].extend(a, b, time, frame)) return false;
  found[aspect].raise(a, b, {
    group: g,
    from: time,
    to: time,
    routers: [a.address, b.address],
    addresses: g.virtualAddresses,
    frames: [other.lastFrame!, frame],
    ...mismatch(aspect, g, a, b, r.version),
  });
  return true;
}

/** What differences() compares of a router, and the key that stands for it (built when it changes). */
interface ConfigKey {
  version: number;
  intervalCs: number;
  partial: boolean;
  addresses: readonly string[];
  authType: number | undefined;
  authData: string | undefined;
  key: string;
}

function configKey(keys: Map<RouterState, ConfigKey>, r: RouterState): string {
  const k = keys.get(r);
  if (
    k &&
    k.version === r.version &&
    k.intervalCs === r.intervalCs &&
    k.partial === r.partialAddresses &&
    k.addresses === r.addresses &&
    k.authType === r.authType &&
    k.authData === r.authData
  )
    return k.key;
  const key =
    `${r.version}|${r.intervalCs}|${r.partialAddresses ? 'partial' : ''}|${addressSetKey(r.addresses)}|` +
    `${r.authType ?? ''}|${r.authData === undefined ? '' : JSON.stringify(r.authData)}`;
  keys.set(r, {
    version: r.version,
    intervalCs: r.intervalCs,
    partial: r.partialAddresses,
    addresses: r.addresses,
    authType: r.authType,
    authData: r.authData,
    key,
  });
  return key;
}
