/**
 * vrid-collision: one VRID on one segment used by routers with disjoint virtual address sets: two
 * clusters sharing a VRID. Each keeps its own master and the other cluster's adverts make its
 * backups flap (they are discarded as mismatched, or worse, accepted).
 */
import type { Rule, RuleContext, RuleMessage } from '../rule.js';
import { type GroupState, type RouterState } from '../model.js';
import { compareAddresses } from '../addresses.js';
import type { Finding, FrameRef } from '../../report/types.js';
import { addressSetKey, anyOf, groupName, RouterClasses } from './util.js';
import { firstOf } from '../../util/text.js';

export const vridCollision: Rule = {
  meta: {
    id: 'vrid-collision',
    defaultSeverity: 'error',
    description: 'One VRID on one segment used by routers with disjoint virtual address sets.',
    options: {},
    messages: {
      /** `clusters`: each cluster's routers "for" its addresses, clusters separated by "; ". */
      collision:
        '{{group}} is used by {{count}} clusters with different virtual addresses: {{clusters}}. ' +
        "Each keeps its own master while the others' adverts make its backups misbehave.",
    },
  },
  create(ctx) {
    // One finding per group; the clusters and their routers accumulate.
    const found = new Map<GroupState, Finding>();
    // Routers by their address set: an advert is compared with one router of each set.
    const keys = new Map<RouterState, { addresses: readonly string[]; partial: boolean; key: string }>();
    /** The routers whose address list (or its being complete) changed since their key was made: the clusters may have. */
    const relisted = new Set<RouterState>();
    const classes = new RouterClasses((r) => {
      let k = keys.get(r);
      if (!k || k.addresses !== r.addresses || k.partial !== r.partialAddresses) {
        relisted.add(r);
        k = {
          addresses: r.addresses,
          partial: r.partialAddresses,
          key: r.partialAddresses || r.addresses.length === 0 ? '' : addressSetKey(r.addresses),
        };
        keys.set(r, k);
      }
      return k.key;
    });
    /** Per group, the clusters as last worked out (see Clusters). */
    const clusters = new Map<GroupState, Clusters>();
    /** The groups whose finding names clusters older than the group's (see Clusters.current). */
    const behind = new Set<GroupState>();
    const clustersFor = (g: GroupState): Clusters => {
      let c = clusters.get(g);
      if (!c) clusters.set(g, (c = new Clusters(g)));
      return c;
    };
    /** Brings the findings that name old clusters up to date (before anyone reads them). */
    const catchUp = () => {
      for (const g of behind) {
        const f = found.get(g)!;
        updateFinding(ctx, f, clustersFor(g).current(true), f.to, []);
      }
      behind.clear();
    };
    return {
      advert(e) {
        const { group: g, router: r, time, frame } = e;
        // A group of one router has no other to be disjoint from (nor a finding to extend).
        const groupClasses = classes.place(g, r);
        if (!groupClasses) return;
        if (relisted.size) {
          // Keyed afresh by place(): r, or (when the group's classes were made) every router.
          const c = clustersFor(g);
          for (const x of relisted) c.changed(x.adverts <= 1);
          relisted.clear();
        }
        const mine = e.packet.vrrp!.addresses;
        if (mine.length === 0 || r.partialAddresses) return;
        // The first router (in the order first heard) whose addresses are disjoint from this
        // advert's. Routers without a complete address list are in the class keyed ''. No router
        // but r is heard before `floor`: a router there ends the search.
        let disjoint: RouterState | undefined;
        const floor = r.ordinal === 0 ? 1 : 0;
        // One address set in the group (the common case): r's own, which overlaps this advert's.
        // Nor is any router disjoint when one of this advert's addresses is listed by every router
        // (thousands of spoofed routers each with an address of its own and the shared one).
        if (groupClasses.size > 1 && !mine.some((a) => g.listedByAll(a)))
          search: for (const [key, members] of groupClasses) {
            if (key === '' || anyOf(members).addresses.some((a) => mine.includes(a))) continue;
            for (const o of members) {
              if (o === r || (disjoint && o.ordinal >= disjoint.ordinal)) continue;
              disjoint = o;
              if (o.ordinal === floor) break search;
            }
          }
        if (!disjoint) {
          noteCollision(ctx, found, g, r, undefined, time, frame);
          return;
        }
        const c = clustersFor(g);
        noteCollision(ctx, found, g, r, disjoint, time, frame, c);
        if (c.deferred) behind.add(g);
      },
      flush: catchUp,
      finish: catchUp,
    };
  },
};

/** Above this many routers, a group's clusters are worked out again only as it grows (see Clusters). */
const EXACT_UP_TO = 64;

/** What a finding says of a group's clusters. */
interface Content {
  routers: string[];
  addresses: string[];
  /** Every router of the clusters (the finding names the first MAX_NAMED by address). */
  members: Set<string>;
  message: RuleMessage;
}

/** Routers and addresses a finding names, and clusters its message lists; the counts are the true totals. */
const MAX_NAMED = 16;
const MAX_CLUSTERS = 8;

/** Per finding, every router of the clusters it was last given (whether an advert extends it). */
const membersOf = new WeakMap<Finding, Set<string>>();

/**
 * A group's clusters (clustersOf) and the finding's content made of them, worked out again only
 * when they may have changed: a router heard for the first time, or one whose address list
 * changed. Up to EXACT_UP_TO routers that is every change; above, a group that only grows (a
 * spoofing tool's thousands of routers) is worked out again when it has grown by an eighth, so
 * that the work stays linear, and its finding is brought up to date whenever it is read (flush,
 * finish): what a report or a snapshot shows is always exact.
 */
class Clusters {
  private generation = 0;
  private builtAt = -1;
  private builtFor = 0;
  /** A router's list changed (not only new routers): the next look works it out again. */
  private reshaped = false;
  private content: Content | null = null;

  constructor(private readonly g: GroupState) {}

  changed(newRouter: boolean): void {
    this.generation++;
    if (!newRouter) this.reshaped = true;
  }

  /** The last content handed out was older than the group's clusters (the group only grew). */
  deferred = false;

  /** The content as of now (`exact`), or as last worked out while the group only grows. */
  current(exact: boolean): Content {
    const size = this.g.routers.size;
    this.deferred = false;
    if (this.content && this.builtAt !== this.generation) {
      const due = exact || this.reshaped || size <= EXACT_UP_TO || size >= this.builtFor + this.builtFor / 8;
      if (!due) this.deferred = true;
      else this.content = null;
    }
    if (!this.content) {
      this.content = contentOf(this.g);
      this.builtAt = this.generation;
      this.builtFor = size;
      this.reshaped = false;
    }
    return this.content;
  }
}

function contentOf(g: GroupState): Content {
  const clusters = clustersOf(g);
  const all = clusters.flatMap((c) => c.routers).sort(compareAddresses);
  const listed = clusters
    .slice(0, MAX_CLUSTERS)
    .map((c) => `${firstOf(c.routers, MAX_NAMED)} for ${firstOf(c.addresses, MAX_NAMED)}`);
  const more = clusters.length - listed.length;
  return {
    routers: all.slice(0, MAX_NAMED),
    addresses: clusters.flatMap((c) => c.addresses).slice(0, MAX_NAMED),
    members: new Set(all),
    message: {
      messageId: 'collision',
      data: {
        group: groupName(g),
        count: clusters.length,
        clusters: listed.join('; ') + (more > 0 ? `; and ${more} more` : ''),
      },
    },
  };
}

/**
 * The group's finding after an advert of `r`: with no router disjoint from it, extended if r is
 * one of the finding's routers; with one (`disjoint`, the first heard), raised, or updated with
 * the clusters as they now stand (kept in `clusters`, or worked out afresh).
 */
export function noteCollision(
  ctx: RuleContext,
  found: Map<GroupState, Finding>,
  g: GroupState,
  r: RouterState,
  disjoint: RouterState | undefined,
  time: number,
  frame: FrameRef,
  clusters?: Clusters,
): void {
  const f = found.get(g);
  if (!disjoint) {
    if (f && membersOf.get(f)!.has(r.address)) ctx.extendFrame(f, time, frame);
    return;
  }
  const c = clusters ? clusters.current(false) : contentOf(g);
  if (f) updateFinding(ctx, f, c, time, [frame]);
  else {
    const raised = ctx.report({
      group: g,
      from: time,
      to: time,
      routers: c.routers,
      addresses: c.addresses,
      frames: [disjoint.lastFrame!, frame],
      ...c.message,
    });
    membersOf.set(raised, c.members);
    found.set(g, raised);
  }
}

/** The finding now says what `c` says of the clusters (and is extended to `time` with `frames`). */
function updateFinding(ctx: RuleContext, f: Finding, c: Content, time: number, frames: FrameRef[]): void {
  f.routers = c.routers;
  f.addresses = c.addresses;
  membersOf.set(f, c.members);
  ctx.extend(f, time, frames, c.message);
}

/**
 * Routers grouped by overlapping address sets, as a walk over the routers in the order first heard
 * makes them: each joins the first cluster that has one of its addresses (or starts one). The
 * first cluster with an address is kept per address, so the walk costs one lookup per address.
 */
function clustersOf(g: GroupState): { routers: string[]; addresses: string[] }[] {
  const clusters: { routers: string[]; addresses: Set<string> }[] = [];
  const firstWith = new Map<string, number>();
  for (const r of g.routers.values()) {
    if (r.addresses.length === 0) continue;
    let hit = -1;
    for (const a of r.addresses) {
      const i = firstWith.get(a);
      if (i !== undefined && (hit < 0 || i < hit)) hit = i;
    }
    if (hit < 0) {
      for (const a of r.addresses) if (!firstWith.has(a)) firstWith.set(a, clusters.length);
      clusters.push({ routers: [r.address], addresses: new Set(r.addresses) });
      continue;
    }
    const c = clusters[hit];
    c.routers.push(r.address);
    for (const a of r.addresses) {
      if (c.addresses.has(a)) continue;
      c.addresses.add(a);
      const i = firstWith.get(a);
      if (i === undefined || hit < i) firstWith.set(a, hit);
    }
  }
  return clusters.map((c) => ({
    routers: c.routers.sort(compareAddresses),
    addresses: [...c.addresses].sort(compareAddresses),
  }));
}
