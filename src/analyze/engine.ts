/**
 * The analysis engine: one for files and live traffic, driven by packet time only.
 *
 * step(packet) takes each decoded packet in time order (its timestamp is "now"); tick(now) moves the
 * clock without a packet (live mode, when the segment is quiet); finish(now) settles what is pending
 * and builds the Report. Reading a file therefore gives the same result as replaying it live.
 *
 * The model: only a master advertises, so a router advertising (priority > 0) is acting as master.
 * Its master period runs from its first to its last advert; it ends with a priority-0 advert
 * (release) or when it has been silent for longer than any backup would wait (4 intervals + 0.5 s,
 * which also bridges the ~3.7 s gaps a keepalived master shows during a split brain). Each new
 * period is a transition, whose cause comes from the previous master's state at that moment.
 */
import type { DecodedPacket } from '../dissect/types.js';
import type { Finding, FrameRef, Report, Severity } from '../report/types.js';
import { buildReport, type ReportInputs } from './build-report.js';
import {
  competes,
  GroupState,
  isMulticast,
  segmentKey,
  wins,
  type Period,
  type RouterState,
  type Transition,
} from './model.js';
import {
  MAX_FRAMES,
  type ClaimEvent,
  type FindingDraft,
  type OverlapEvent,
  renderMessage,
  type Rule,
  type RuleHooks,
  type RuleMessage,
} from './rule.js';

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
}

/**
 * Silence after which a router's master period is over: longer than any backup waits (3 intervals
 * + skew < 4 intervals), plus 0.5 s; also bridges the ~3.7 s gaps of keepalived masters during a
 * split brain (they re-arm their timer on every advert they receive, even discarded ones).
 */
function expiryAfter(r: RouterState): number {
  return 4 * r.interval + 0.5;
}

export class Engine {
  readonly groups = new Map<string, GroupState>();
  /** Groups per L2 segment key, for ARP/ND correlation. */
  private readonly bySegment = new Map<string, GroupState[]>();
  private readonly findings: Finding[] = [];
  private readonly rules: ActiveRule[] = [];
  private readonly overlaps = new Map<string, Omit<OverlapEvent, 'isNew'>>();
  listener: EngineListener = {};
  now = -Infinity;
  first: number | null = null;
  /** Earliest time at which some master period may expire: the clock scans only past it. */
  private nextExpiry = Infinity;

  constructor(private readonly options: EngineOptions) {
    for (const rule of options.rules) {
      const setting = options.settings?.[rule.meta.id] ?? {};
      if (setting.severity === 'off') continue;
      const severity = setting.severity ?? rule.meta.defaultSeverity;
      const ruleOptions: Record<string, number> = {};
      for (const [name, o] of Object.entries(rule.meta.options))
        ruleOptions[name] = setting.options?.[name] ?? o.default;
      const hooks = rule.create({
        options: ruleOptions,
        showSecrets: options.showSecrets ?? false,
        report: (d) => this.raise(rule, severity, d),
        extend: (f, to, frames, message, from) => this.extend(rule, f, to, frames, message, from),
      });
      this.rules.push({ rule, severity, hooks });
    }
  }

  frameRef(p: DecodedPacket): FrameRef {
    return this.options.inputs.length > 1 ? `${this.options.inputs[p.input]}#${p.frame}` : p.frame;
  }

  // ------------------------------------------------------------------ clock

  /** Moves packet time forward: expires silent masters, lets rules settle what is due. */
  tick(now: number): void {
    if (now < this.now) return; // merged inputs are ordered; never run the clock backwards
    this.now = now;
    // Exact, not throttled: live ticks and file packets must expire a master at the same moment.
    if (now > this.nextExpiry) {
      this.nextExpiry = Infinity;
      for (const g of this.groups.values()) {
        for (const r of g.routers.values()) {
          this.expire(r, now);
          if (r.period) this.nextExpiry = Math.min(this.nextExpiry, r.lastAdvert + expiryAfter(r));
        }
        this.settleContested(g);
      }
    }
    for (const r of this.rules) r.hooks.tick?.(now);
  }

  private expire(r: RouterState, now: number): void {
    const p = r.period;
    if (p && now - r.lastAdvert > expiryAfter(r)) {
      p.open = false;
      r.period = null;
      // A contested period that ends unconfirmed stays without a transition (e.g. the lower address
      // of two equal-priority backups that timed out together yields at once), unless later ARP
      // evidence shows the router kept the address (see claim()).
    }
  }

  /**
   * A contested period whose rival has gone silent for good (its period expired) while this one
   * carried on: it did take over after all. Merely sparse adverts from the rival do not count: a
   * keepalived master that keeps receiving adverts it discards re-arms its timer and sends few.
   */
  private settleContested(g: GroupState): void {
    for (const r of g.routers.values()) {
      const p = r.period;
      if (!p?.contested) continue;
      const prev = p.contested.prev;
      if (prev.period) continue;
      if (r.lastAdvert - p.from < Math.max(2 * r.interval, 1)) continue;
      this.addTransition(g, {
        time: p.from,
        from: prev,
        to: r,
        cause: 'master-down',
        delay: Math.max(0, p.from - prev.lastAdvert),
        expectedDelay: null,
        frame: p.contested.frame,
        period: p,
      });
      p.contested = undefined;
    }
  }

  private addTransition(g: GroupState, tr: Transition): void {
    tr.to.splitWith = tr.cause === 'split-brain' && tr.from ? tr.from.period : null;
    // Contested periods are settled late: keep the list in time order.
    let i = g.transitions.length;
    while (i > 0 && g.transitions[i - 1].time > tr.time) i--;
    g.transitions.splice(i, 0, tr);
    this.listener.transition?.(tr, g);
    for (const rule of this.rules) rule.hooks.transition?.(tr, g);
  }

  // ------------------------------------------------------------------ packets

  step(p: DecodedPacket): void {
    const t = p.sec + p.nsec / 1e9;
    if (this.first === null) this.first = t;
    this.tick(t);
    if (p.issues.length > 0) {
      const frame = this.frameRef(p);
      for (const r of this.rules) r.hooks.malformed?.({ time: t, packet: p, frame });
    }
    if (p.kind === 'vrrp' && p.vrrp && p.ip && p.vrrp.type === 1 && (p.vrrp.version === 2 || p.vrrp.version === 3)) {
      this.advert(p, t);
    } else if (p.kind === 'arp' && p.arp) {
      this.arp(p, t);
    } else if (p.kind === 'nd' && p.nd) {
      this.nd(p, t);
    }
  }

  private group(p: DecodedPacket): GroupState {
    const seg = segmentKey(p);
    const family = p.ip!.version === 6 ? 'ipv6' : 'ipv4';
    const vrid = p.vrrp!.vrid;
    const key = `${seg.key}|${family}|${vrid}`;
    let g = this.groups.get(key);
    if (!g) {
      const id = [seg.label, family, `vrid${vrid}`].filter(Boolean).join('/');
      g = new GroupState(
        key,
        id,
        seg.segment,
        p.tunnel,
        p.vlan.map((v) => v.id),
        family,
        vrid,
      );
      this.groups.set(key, g);
      const list = this.bySegment.get(seg.key) ?? [];
      list.push(g);
      this.bySegment.set(seg.key, list);
    }
    return g;
  }

  private advert(p: DecodedPacket, t: number): void {
    const v = p.vrrp!;
    const g = this.group(p);
    if (g.routers.size === 0) g.firstSeen = t;
    const r = g.router(p.ip!.src);
    const frame = this.frameRef(p);

    // What the router says about itself.
    if (r.adverts === 0) r.firstSeen = t;
    r.adverts++;
    r.lastSeen = t;
    r.lastFrame = frame;
    if (p.link?.src) r.mac = p.link.src;
    if (!r.priorities.includes(v.priority)) r.priorities.push(v.priority);
    r.intervalCs = v.intervalCs;
    if (!r.intervals.includes(v.intervalCs)) r.intervals.push(v.intervalCs);
    r.version = v.version;
    g.versions.set(v.version, (g.versions.get(v.version) ?? 0) + 1);
    if (v.addresses.length < v.count) r.partialAddresses = true;
    else r.addresses = v.addresses;
    for (const a of v.addresses) if (!g.virtualAddresses.includes(a)) g.virtualAddresses.push(a);
    r.authType = v.authType;
    r.authData = v.authData;
    if (v.checksum !== 'unverified') r.checksums.add(v.checksum);
    if (!isMulticast(p.ip!.dst, g.family)) r.unicast = true;

    if (v.priority === 0) {
      // Graceful release: the master is leaving (RFC 3768 6.4.3 / RFC 5798 6.4.3).
      if (r.period) {
        r.period.to = t;
        r.period.released = true;
        r.period.open = false;
        r.period = null;
      }
      r.releasedAt = t;
      r.priority = 0;
    } else {
      r.priority = v.priority;
      if (!r.period) this.startPeriod(g, r, t, frame);
      r.lastAdvert = t;
      r.releasedAt = null;
      r.period!.to = t;
      r.period!.priority = v.priority;
      this.nextExpiry = Math.min(this.nextExpiry, t + expiryAfter(r));
      this.checkOverlaps(g, r, t, frame);
      this.settleContested(g);
    }
    for (const rule of this.rules) rule.hooks.advert?.({ time: t, packet: p, group: g, router: r, frame });
  }

  /** A router starts acting as master: a transition whose cause depends on the previous master. */
  private startPeriod(g: GroupState, r: RouterState, t: number, frame: FrameRef): void {
    // The previous master: whoever advertised (or released) most recently, this router included.
    let prev: RouterState | null = null;
    let prevTime = -Infinity;
    for (const x of g.routers.values()) {
      if (x.periods.length === 0 || (x !== r && !competes(x, r))) continue;
      const last = Math.max(x.lastAdvert, x.releasedAt ?? -Infinity);
      if (last > prevTime) [prev, prevTime] = [x, last];
    }
    const period: Period = {
      router: r,
      from: t,
      to: t,
      priority: r.priority,
      firstFrame: frame,
      released: false,
      open: true,
    };
    r.period = period;
    r.periods.push(period);

    let cause: Transition['cause'];
    let delay: number | null = null;
    let expectedDelay: number | null = null;
    if (!prev) {
      cause = 'startup';
    } else if (prev !== r && prev.isLive(t)) {
      // Resuming inside an ongoing split brain with the same rival: the same episode, no new transition.
      if (r.splitWith !== null && r.splitWith === prev.period) return;
      if (!wins(r.priority, r.address, prev.priority, prev.address)) {
        period.contested = { prev, frame };
        return;
      }
      cause = 'preemption';
      delay = t - prev.lastAdvert;
    } else if (prev.releasedAt !== null && prev.releasedAt >= prev.lastAdvert) {
      cause = 'release';
      delay = t - prev.releasedAt;
      expectedDelay = g.skewTime(r.priority, prev);
    } else {
      cause = 'master-down';
      delay = t - prev.lastAdvert;
      expectedDelay = g.masterDownInterval(r.priority, prev);
    }
    this.addTransition(g, { time: t, from: prev, to: r, cause, delay, expectedDelay, frame, period });
  }

  /**
   * Two routers whose periods overlap and who both kept advertising for at least two intervals
   * (and at least 1 s) of the overlap: a split brain, not a preemption handover (in which the old
   * master falls silent within about one interval).
   */
  private checkOverlaps(g: GroupState, x: RouterState, t: number, frame: FrameRef): void {
    for (const y of g.routers.values()) {
      if (y === x || !y.period || !competes(x, y)) continue;
      const since = Math.max(x.period!.from, y.period.from);
      const span = Math.min(t, y.lastAdvert) - since;
      const threshold = Math.max(2 * Math.max(x.interval, y.interval), 1);
      if (y.lastAdvert < since || span < threshold) continue;
      const [a, b] = x.address < y.address ? [x, y] : [y, x];
      const key = `${g.key}|${a.address}|${b.address}|${since}`;
      let o = this.overlaps.get(key);
      const isNew = !o;
      // Evidence only while both keep advertising: nothing new once one of them has stopped.
      if (o && since + span <= o.to) continue;
      if (!o) {
        // Evidence: the later period's first advert, and the other router's adverts since.
        const later0 = x.period!.from >= y.period.from ? x.period!.firstFrame : y.period.firstFrame;
        o = { group: g, a, b, from: since, to: since + span, frames: [later0, y.lastFrame!] };
        this.overlaps.set(key, o);
        // The later period was not a clean handover: a second master appeared.
        const later = x.period!.from >= y.period.from ? x.period! : y.period;
        const earlier = later === x.period ? y : x;
        const tr = g.transitions.find((tt) => tt.period === later);
        if (tr && tr.cause === 'preemption') {
          tr.cause = 'split-brain';
          later.router.splitWith = earlier.period;
        }
        if (later.contested) {
          this.addTransition(g, {
            time: later.from,
            from: earlier,
            to: later.router,
            cause: 'split-brain',
            delay: null,
            expectedDelay: null,
            frame: later.contested.frame,
            period: later,
          });
          later.contested = undefined;
        }
      }
      o.to = since + span;
      // This advert proves the overlap only if it lies within it; otherwise the other's last one does.
      const proof = t <= o.to ? frame : y.lastFrame!;
      if (o.frames.length < MAX_FRAMES && !o.frames.includes(proof)) o.frames.push(proof);
      for (const rule of this.rules) rule.hooks.overlap?.({ ...o, isNew });
    }
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
    const seg = segmentKey(p);
    const groups = (this.bySegment.get(seg.key) ?? []).filter(
      (g) => g.family === family && g.virtualAddresses.includes(address),
    );
    if (announcement) for (const g of groups) this.confirmSilentMaster(g, mac, t);
    if (answer) {
      for (const g of groups) {
        const k = `${address}|${mac}`;
        const o = g.owners.get(k) ?? { address, mac, from: t, to: t, gratuitous: 0, replies: 0 };
        g.owners.set(k, o);
        o.to = t;
        if (announcement) o.gratuitous++;
        else o.replies++;
      }
    }
    const e: ClaimEvent = {
      time: t,
      packet: p,
      address,
      mac,
      announcement,
      answer,
      segment: seg.key,
      groups,
      frame: this.frameRef(p),
    };
    for (const rule of this.rules) rule.hooks.claim?.(e);
  }

  /**
   * A router that started a contested period, fell silent, and later still announces a virtual
   * address (keepalived's second GARP burst, 5 s after becoming master) while another router is
   * master: it became master at the start of that period and kept the address (a keepalived master
   * that keeps receiving adverts it discards re-arms its timer and stops advertising).
   */
  private confirmSilentMaster(g: GroupState, mac: string, t: number): void {
    const claimant = [...g.routers.values()].find((r) => r.mac === mac);
    if (!claimant || claimant.isLive(t) || t - claimant.lastAdvert <= 1.5 * claimant.interval) return;
    const p = claimant.periods[claimant.periods.length - 1];
    if (!p?.contested) return;
    const rival = p.contested.prev;
    if (!rival.isLive(t)) return;
    this.addTransition(g, {
      time: p.from,
      from: rival,
      to: claimant,
      cause: 'split-brain',
      delay: null,
      expectedDelay: null,
      frame: p.contested.frame,
      period: p,
    });
    p.contested = undefined;
  }

  // ------------------------------------------------------------------ findings

  private raise(rule: Rule, severity: Severity, d: FindingDraft): Finding {
    const g = d.group;
    const frames = [...new Set(d.frames)];
    const f: Finding = {
      rule: rule.meta.id,
      severity,
      ...(g ? { group: g.id, vrid: g.vrid, family: g.family, vlan: g.vlan } : {}),
      from: d.from,
      to: d.to,
      routers: d.routers,
      addresses: d.addresses ?? [],
      frames: frames.slice(0, MAX_FRAMES),
      frameCount: frames.length,
      message: renderMessage(rule.meta, d),
      messageId: d.messageId,
      data: { ...d.data },
    };
    this.findings.push(f);
    this.listener.finding?.(f, false);
    return f;
  }

  private extend(rule: Rule, f: Finding, to: number, frames: FrameRef[], message?: RuleMessage, from?: number): void {
    f.to = Math.max(f.to, to);
    if (from !== undefined) f.from = Math.min(f.from, from);
    for (const fr of frames) {
      if (f.frames.includes(fr)) continue;
      f.frameCount++;
      if (f.frames.length < MAX_FRAMES) f.frames.push(fr);
    }
    if (message) {
      f.message = renderMessage(rule.meta, message);
      f.messageId = message.messageId;
      f.data = { ...message.data };
    }
    this.listener.finding?.(f, true);
  }

  // ------------------------------------------------------------------ end

  /**
   * The report as it stands at `now`, without settling anything (live views call this repeatedly;
   * finish() is the end of input). Findings are copied so later updates do not change it.
   */
  snapshot(now: number, inputs: ReportInputs): Report {
    return buildReport(
      [...this.groups.values()],
      this.findings.map((f) => ({ ...f, frames: [...f.frames] })),
      this.first,
      Number.isFinite(now) ? now : null,
      inputs,
    );
  }

  /** Settles everything at `now` (the last packet time, or the live clock) and builds the report. */
  finish(now: number, inputs: ReportInputs): Report {
    if (Number.isFinite(now)) this.tick(now);
    const groups = [...this.groups.values()];
    // A master replaced shortly before the end has not expired yet: its period is over all the same.
    for (const g of groups) {
      for (const r of g.routers.values()) {
        if (r.period && g.superseded(r)) {
          r.period.open = false;
          r.period = null;
        }
      }
    }
    for (const r of this.rules) r.hooks.finish?.(now, groups);
    return buildReport(groups, this.findings, this.first, Number.isFinite(now) ? now : null, inputs);
  }
}
