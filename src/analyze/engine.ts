/**
 * The analysis engine: one for files and live traffic, driven by packet time only.
 *
 * step(packet) takes each decoded packet in time order (its timestamp is "now"); tick(now) moves the
 * clock without a packet (live mode, when the segment is quiet); finish(now) settles what is pending
 * and builds the Report. Reading a file therefore gives the same result as replaying it live.
 *
 * The engine keeps what each router says about itself, correlates ARP/ND with the groups, hands
 * adverts and announcements to the election model (election.ts: master periods and transitions) and
 * dispatches what happens to the finding rules, whose findings findings.ts keeps.
 */
import { frameTime } from '../capture/packet.js';
import type { DecodedPacket, VrrpInfo } from '../dissect/types.js';
import type { Finding, FrameRef, Report, Severity } from '../report/types.js';
import { buildReport, type ReportInputs } from './build-report.js';
import { Activity } from './activity.js';
import { Election } from './election.js';
import type { GroupState, RouterState, Transition } from './model.js';
import { isMulticast } from './addresses.js';
import { NO_GROUPS, Segments, type Segment } from './segments.js';
import { TIMING } from './timers.js';
import { sameList, withItem } from '../util/lists.js';
import { fanOut } from '../util/fan-out.js';
import { FindingStore } from './findings.js';
import type { AdvertEvent, ClaimEvent, OverlapEvent, PriorityEvent, Rule, RuleHooks } from './rule.js';

export interface RuleSetting {
  /** 'off' disables the rule. */
  severity?: Severity | 'off';
  options?: Record<string, number>;
}

export interface EngineOptions {
  rules: Rule[];
  settings?: Record<string, RuleSetting>;
  /** Input names: frame references become "name#frame" when there are several. */
  inputs: readonly string[];
  showSecrets?: boolean;
}

export interface EngineListener {
  transition?(t: Transition, g: GroupState): void;
  finding?(f: Finding, update: boolean): void;
}

interface ActiveRule {
  rule: Rule;
  severity: Severity;
  hooks: RuleHooks;
  /** When the rule's tick hook is to be called next. */
  wake: WakeTime;
}

interface WakeTime {
  at: number;
}

export class Engine {
  /** The L2 segments and their groups (for ARP/ND correlation). */
  private readonly segments = new Segments();
  /** Every group, by key. */
  readonly groups = this.segments.groups;
  /** The findings raised, with their frame bookkeeping and lazily rendered messages. */
  private readonly findings = new FindingStore((f, update) => this.listener.finding?.(f, update));
  private readonly rules: ActiveRule[] = [];
  listener: EngineListener = {};
  now = -Infinity;
  first: number | null = null;
  /** Gaps in the capture (see gap()), in time order. */
  readonly gaps: { from: number; to: number }[] = [];
  /** The longest advertisement interval heard, seconds (sets what counts as a capture gap). */
  private longestInterval = 1;
  private readonly election: Election;
  /** What the report's pictures need (priority over time, silences, activity, announcements). */
  private readonly activity = new Activity();
  /** Every rule's advert hook, in rule order (see fanOut). */
  private readonly advertHooks: (e: AdvertEvent) => void;
  private readonly tickRules: RuleHooks[];
  /** Per rule with a tick hook (in tickRules' order), the time it asked to be called at (see RuleContext.wake). */
  private readonly wakeAt: WakeTime[];
  /** The earliest of wakeAt: a packet before it calls no tick hook. */
  private nextWake = -Infinity;
  /** Every rule's claim hook, in rule order: a claim of an address no group holds. */
  private readonly claimHooks: (e: ClaimEvent) => void;
  /** Every rule's claim and groupClaim hooks, in rule order: a claim of an address a group holds. */
  private readonly groupClaimHooks: (e: ClaimEvent) => void;
  /** Every rule's overlap hook (called on each advert of a split brain), in rule order. */
  private readonly overlapHooks: (e: OverlapEvent) => void;
  /** Every rule's transition and priority hooks, in rule order (the election calls them once they are set). */
  private readonly transitionHooks: (tr: Transition, g: GroupState) => void;
  private readonly priorityHooks: (e: PriorityEvent) => void;
  private readonly flushRules: RuleHooks[];
  /** The claim event passed to the rules, refilled per claim. */
  private readonly claimEvent: ClaimEvent = {
    time: 0,
    packet: null as unknown as DecodedPacket,
    address: '',
    mac: '',
    announcement: false,
    answer: false,
    segment: '',
    groups: NO_GROUPS,
    frame: 0,
  };
  /** The advert event passed to the rules, refilled per advert. */
  private readonly advertEvent: AdvertEvent = {
    time: 0,
    packet: null as unknown as DecodedPacket,
    group: null as unknown as GroupState,
    router: null as unknown as RouterState,
    frame: 0,
  };

  constructor(private readonly options: EngineOptions) {
    this.election = new Election(this.groups, {
      transition: (tr, g) => {
        this.listener.transition?.(tr, g);
        this.transitionHooks(tr, g);
      },
      overlap: (o) => this.overlapHooks(o),
      priority: (e) => this.priorityHooks(e),
    });
    for (const rule of options.rules) {
      const setting = options.settings?.[rule.meta.id] ?? {};
      if (setting.severity === 'off') continue;
      const severity = setting.severity ?? rule.meta.defaultSeverity;
      const ruleOptions: Record<string, number> = {};
      for (const [name, o] of Object.entries(rule.meta.options))
        ruleOptions[name] = setting.options?.[name] ?? o.default;
      // Every rule is called at the first packet; later, only at the times it asks for.
      const wake: WakeTime = { at: -Infinity };
      const hooks = rule.create({
        options: ruleOptions,
        showSecrets: options.showSecrets ?? false,
        report: (d) => this.findings.raise(rule, severity, d),
        extend: (f, to, frames, message, from) => this.findings.extend(rule, f, to, frames, message, from),
        extendFrame: (f, to, frame) => this.findings.extendFrame(f, to, frame),
        message: (f) => this.findings.message(rule, f),
        now: () => this.now,
        wake: (at) => {
          if (at < wake.at) wake.at = at;
          if (at < this.nextWake) this.nextWake = at;
        },
      });
      this.rules.push({ rule, severity, hooks, wake });
    }
    // The hooks called on every packet (or every change), looked up once.
    const hooks = this.rules.map((r) => r.hooks);
    this.advertHooks = fanOut(hooks.flatMap((h) => (h.advert ? [h.advert.bind(h)] : [])));
    // A claim of an address no group holds goes to the rules that look at every claim; one that a
    // group holds, to those and the rules that look only at these, all in rule order.
    this.claimHooks = fanOut(hooks.flatMap((h) => (h.claim ? [h.claim.bind(h)] : [])));
    this.groupClaimHooks = fanOut(
      hooks.flatMap((h) => [...(h.claim ? [h.claim.bind(h)] : []), ...(h.groupClaim ? [h.groupClaim.bind(h)] : [])]),
    );
    this.overlapHooks = fanOut(hooks.flatMap((h) => (h.overlap ? [h.overlap.bind(h)] : [])));
    this.transitionHooks = fanOut(hooks.flatMap((h) => (h.transition ? [h.transition.bind(h)] : [])));
    this.priorityHooks = fanOut(hooks.flatMap((h) => (h.priority ? [h.priority.bind(h)] : [])));
    const ticking = this.rules.filter((r) => r.hooks.tick !== undefined);
    this.tickRules = ticking.map((r) => r.hooks);
    this.wakeAt = ticking.map((r) => r.wake);
    this.flushRules = this.rules.map((r) => r.hooks).filter((h) => h.flush !== undefined);
  }

  frameRef(p: DecodedPacket): FrameRef {
    return this.options.inputs.length > 1 ? `${this.options.inputs[p.input]}#${p.frame}` : p.frame;
  }

  // ------------------------------------------------------------------ clock

  /** Moves packet time forward without a packet (a live clock tick), and brings findings up to it. */
  tick(now: number): void {
    this.advance(now);
    for (const r of this.flushRules) r.flush!();
  }

  /** Moves packet time forward: expires silent masters, lets rules settle what is due. */
  private advance(now: number): void {
    if (now < this.now) return; // merged inputs are ordered; never run the clock backwards
    this.now = now;
    this.election.tick(now);
    if (now >= this.nextWake) this.wakeRules(now);
  }

  /** Calls, in rule order, the tick of every rule whose time has come, and finds the next such time. */
  private wakeRules(now: number): void {
    const rules = this.tickRules;
    const wakeAt = this.wakeAt;
    for (let i = 0; i < rules.length; i++) {
      const w = wakeAt[i];
      if (now < w.at) continue;
      w.at = Infinity;
      rules[i].tick!(now);
    }
    let next = Infinity;
    for (const w of wakeAt) if (w.at < next) next = w.at;
    this.nextWake = next;
  }

  /**
   * Silence longer than this, with not one frame of any kind, is a gap in the capture (rotated files
   * with time missing between them, a capture paused), never an outage: 10 of the longest advert
   * intervals heard, and at least 30 s (TIMING.captureGap).
   */
  gapThreshold(): number {
    return TIMING.captureGap(this.longestInterval);
  }

  /**
   * Nothing was captured from `from` to `to`: the history stops at `from` and resumes at `to` (the
   * first master after it is a startup again), and no rule judges the silence in between.
   */
  gap(from: number, to: number): void {
    this.gaps.push({ from, to });
    this.election.gap(to);
    for (const r of this.rules) r.hooks.gap?.(from, to);
  }

  // ------------------------------------------------------------------ packets

  step(p: DecodedPacket): void {
    const t = frameTime(p);
    if (this.first === null) this.first = t;
    this.advance(t);
    if (p.issues.length > 0) {
      const e = { time: t, packet: p, frame: this.frameRef(p) };
      for (const r of this.rules) r.hooks.malformed?.(e);
    }
    if (p.kind === 'vrrp' && p.vrrp && p.ip && p.vrrp.type === 1 && (p.vrrp.version === 2 || p.vrrp.version === 3)) {
      this.advert(p, t);
    } else if (p.kind === 'arp' && p.arp) {
      this.arp(p, t);
    } else if (p.kind === 'nd' && p.nd) {
      this.nd(p, t);
    }
  }

  private advert(p: DecodedPacket, t: number): void {
    const v = p.vrrp!;
    const s = this.segments.of(p);
    const g = this.segments.group(p, s);
    if (g.routers.size === 0) g.firstSeen = t;
    const r = g.router(p.ip!.src);
    const frame = this.frameRef(p);

    // What the router says about itself.
    if (r.adverts === 0) r.firstSeen = t;
    r.adverts++;
    r.lastSeen = t;
    r.lastFrame = frame;
    g.countVersion(v.version);
    // The same advert as the router's last (the same object, from the dissector's cache: the same
    // bytes, its link layer too) changes none of what it says about itself: nothing below is looked at.
    if (v !== r.lastVrrp) this.selfDescription(p, v, s, g, r);

    this.election.advert(g, r, v.priority, t, frame);
    this.activity.advert(g, r, v.priority, t, frame);
    // One event object, filled in per advert (rules read it during the call and copy what they keep).
    const e = this.advertEvent;
    e.time = t;
    e.packet = p;
    e.group = g;
    e.router = r;
    e.frame = frame;
    this.advertHooks(e);
  }

  /** What router r's advert `p` (its VRRP layer v) says about r and its group. */
  private selfDescription(p: DecodedPacket, v: VrrpInfo, s: Segment, g: GroupState, r: RouterState): void {
    r.lastVrrp = v;
    // Values equal to those kept are not replaced: a fresh copy per advert would survive into the
    // old generation only to die there (the collector's costliest garbage).
    if (p.link?.src && p.link.src !== r.mac) g.setMac(r, p.link.src);
    if (!r.priorities.includes(v.priority)) r.priorities = withItem(r.priorities, v.priority);
    r.intervalCs = v.intervalCs;
    if (r.interval > this.longestInterval) this.longestInterval = r.interval;
    if (!r.intervals.includes(v.intervalCs)) r.intervals = withItem(r.intervals, v.intervalCs);
    r.version = v.version;
    // The group's addresses: those of an advert the same as the router's last were added then.
    let known = false;
    if (v.addresses.length < v.count) r.partialAddresses = true;
    // (The same advert again, from the dissector's cache, is the same list.)
    else if (sameList(r.addresses, v.addresses)) known = r.adverts > 1;
    else g.setAddresses(r, v.addresses);
    if (!known) {
      for (const a of v.addresses) {
        if (g.virtualAddressSet.has(a)) continue;
        g.virtualAddressSet.add(a);
        g.virtualAddresses = withItem(g.virtualAddresses, a);
        this.segments.addAddress(s, g, a);
      }
    }
    r.authType = v.authType;
    if (v.authData !== r.authData) r.authData = v.authData;
    if (v.checksum !== 'unverified' && v.checksum !== r.lastChecksum) {
      r.lastChecksum = v.checksum;
      if (!r.checksums.includes(v.checksum)) r.checksums = withItem(r.checksums, v.checksum);
    }
    if (!isMulticast(p.ip!.dst, g.family)) r.unicast = true;
  }

  // ------------------------------------------------------------------ ARP / ND

  private arp(p: DecodedPacket, t: number): void {
    const a = p.arp!;
    // Ethernet/IPv4 ARP only; requests and replies (RARP and others say nothing about ownership).
    if (a.htype !== 1 || a.ptype !== 0x0800 || a.hlen !== 6 || a.plen !== 4 || !a.senderIp || !a.senderMac) return;
    if ((a.op !== 1 && a.op !== 2) || a.senderIp === '0.0.0.0') return;
    this.claim(p, t, a.senderIp, a.senderMac, a.gratuitous, a.op === 2 || a.gratuitous, 'ipv4');
  }

  private nd(p: DecodedPacket, t: number): void {
    const n = p.nd!;
    if (n.type === 136) {
      const mac = n.linkAddr ?? p.link?.src;
      if (mac) this.claim(p, t, n.target, mac, n.unsolicited === true, true, 'ipv6');
    } else if (p.ip && p.ip.src !== '::' && n.linkAddr) {
      this.claim(p, t, p.ip.src, n.linkAddr, false, false, 'ipv6');
    }
  }

  private claim(
    p: DecodedPacket,
    t: number,
    address: string,
    mac: string,
    announcement: boolean,
    answer: boolean,
    family: 'ipv4' | 'ipv6',
  ): void {
    const s = this.segments.of(p);
    const segment = s.key;
    const groups = this.segments.withAddress(s, address, family);
    const frame = this.frameRef(p);
    if (announcement) {
      this.election.announcement(segment, family, address, mac, t, frame);
      for (const g of groups) {
        this.election.confirmSilentMaster(g, mac, t);
        this.activity.announcement(g, address, mac, t, frame);
      }
    }
    if (answer) for (const g of groups) g.owners.answer(address, mac, t, announcement);
    const e = this.claimEvent;
    e.time = t;
    e.packet = p;
    e.address = address;
    e.mac = mac;
    e.announcement = announcement;
    e.answer = answer;
    e.segment = segment;
    e.groups = groups;
    e.frame = frame;
    if (groups.length > 0) this.groupClaimHooks(e);
    else this.claimHooks(e);
  }

  /** The finding with its message text up to date (call before showing or serializing it). */
  fresh(f: Finding): Finding {
    return this.findings.fresh(f);
  }

  // ------------------------------------------------------------------ end

  /**
   * The report as it stands at `now`, without settling anything (live views call this repeatedly;
   * finish() is the end of input). Findings are copied so later updates do not change it.
   * `history: false` leaves schema 3's per-router history lists empty (the live UI and the
   * metrics, which redraw or are scraped often and do not show them).
   */
  snapshot(now: number, inputs: ReportInputs, history = true): Report {
    for (const r of this.flushRules) r.flush!();
    return buildReport(
      [...this.groups.values()],
      this.findings.copies(),
      {
        first: this.first,
        last: Number.isFinite(now) ? now : null,
        gaps: this.gaps,
        activity: history ? this.activity : null,
      },
      inputs,
    );
  }

  /** Settles everything at `now` (the last packet time, or the live clock) and builds the report. */
  finish(now: number, inputs: ReportInputs): Report {
    if (Number.isFinite(now)) this.advance(now);
    this.election.finish();
    const groups = [...this.groups.values()];
    for (const r of this.rules) r.hooks.finish?.(now, groups);
    const times = {
      first: this.first,
      last: Number.isFinite(now) ? now : null,
      gaps: this.gaps,
      activity: this.activity,
    };
    return buildReport(groups, this.findings.all(), times, inputs);
  }
}
