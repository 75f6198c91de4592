/**
 * The findings the rules raise, and their bookkeeping: each frame counted once in `frameCount`
 * (the list keeps the first MAX_FRAMES), and message text rendered when someone reads it (a finding
 * extended by every advert would otherwise render its message every time).
 */
import type { Finding, FrameRef, Severity } from '../report/types.js';
import { MAX_FRAMES, checkMessage, renderMessage, type FindingDraft, type Rule, type RuleMessage } from './rule.js';

/** Addresses a finding lists: the most one advert can carry (its Count IPvX Addr field is 8 bits). */
export const MAX_ADDRESSES = 255;

/** Frames remembered per finding beyond those kept, to count each frame once (see extend). */
const RECENT_FRAMES = 8;

/**
 * Per finding: the frames kept (as a set) and the last few added (a ring), to count each frame once.
 * Evidence mostly arrives in frame order: a frame number above every number seen so far is new
 * without a look at either.
 */
class SeenFrames {
  /** The frames kept, as a set: built on the first look that needs it (frames out of order). */
  private kept: Set<FrameRef> | null = null;
  private readonly recent: FrameRef[] = [];
  /** Where the next frame goes in `recent` once it is full (its oldest). */
  private next = 0;
  /** The highest frame number kept or recent (frame references with a file name are never above it). */
  private max = -Infinity;

  /** `frames`: the finding's own list of the frames kept (it grows with keep()). */
  constructor(
    private readonly frames: readonly FrameRef[],
    recent: FrameRef[],
  ) {
    for (const fr of frames) if (typeof fr === 'number' && fr > this.max) this.max = fr;
    for (const fr of recent) this.add(fr);
  }

  has(fr: FrameRef): boolean {
    if (typeof fr === 'number' && fr > this.max) return false;
    this.kept ??= new Set(this.frames);
    return this.kept.has(fr) || this.recent.includes(fr);
  }

  /** One of the last RECENT_FRAMES added (the oldest is forgotten). */
  add(fr: FrameRef): void {
    if (typeof fr === 'number' && fr > this.max) this.max = fr;
    if (this.recent.length < RECENT_FRAMES) this.recent.push(fr);
    else {
      this.recent[this.next] = fr;
      this.next = (this.next + 1) % RECENT_FRAMES;
    }
  }

  /** `fr` was added to the finding's frames. */
  keep(fr: FrameRef): void {
    if (typeof fr === 'number' && fr > this.max) this.max = fr;
    this.kept?.add(fr);
  }
}

export class FindingStore {
  private readonly findings: Finding[] = [];
  /** Per finding, the frames seen (see extend). */
  private readonly seen = new Map<Finding, SeenFrames>();
  /** Findings whose message text is behind their messageId and data (rendered when read: fresh()). */
  private readonly stale = new Map<Finding, Rule>();

  /** `onChange`: a finding was raised (update false) or extended (true). */
  constructor(private readonly onChange: (f: Finding, update: boolean) => void) {}

  raise(rule: Rule, severity: Severity, d: FindingDraft): Finding {
    const g = d.group;
    const frames = [...new Set(d.frames)];
    const f: Finding = {
      rule: rule.meta.id,
      severity,
      ...(g ? { group: g.id, vrid: g.vrid, family: g.family, vlan: g.vlan } : {}),
      from: d.from,
      to: d.to,
      // Copies: a rule may pass live state (the group's address list goes on growing).
      routers: [...d.routers],
      // At most MAX_ADDRESSES: a flood of spoofed routers, each with an address of its own, would
      // otherwise copy its group's whole growing list into every finding.
      addresses: (d.addresses ?? []).slice(0, MAX_ADDRESSES),
      frames: frames.slice(0, MAX_FRAMES),
      frameCount: frames.length,
      message: renderMessage(rule.meta, d),
      messageId: d.messageId,
      data: { ...d.data },
    };
    this.findings.push(f);
    this.seen.set(f, new SeenFrames(f.frames, frames.slice(-RECENT_FRAMES)));
    this.onChange(f, false);
    return f;
  }

  extend(rule: Rule, f: Finding, to: number, frames: FrameRef[], message?: RuleMessage, from?: number): void {
    f.to = Math.max(f.to, to);
    if (from !== undefined) f.from = Math.min(f.from, from);
    // frameCount is the true total: a frame already counted is not counted again, whether it is
    // among the frames kept or among the last few added (evidence repeats itself: the same last
    // advert of the other master proves several adverts of this one).
    const seen = this.seen.get(f)!;
    for (const fr of frames) addFrame(f, seen, fr);
    if (message) {
      // The text is rendered when someone reads it (fresh()), not on every extension; an unknown
      // id or a missing value still fails here, in the rule's own call.
      checkMessage(rule.meta, message);
      f.messageId = message.messageId;
      f.data = { ...message.data };
      if (!this.stale.has(f)) this.stale.set(f, rule);
    }
    this.onChange(f, true);
  }

  /** extend() with one frame and the message unchanged: what most evidence is (no list per packet). */
  extendFrame(f: Finding, to: number, frame: FrameRef): void {
    f.to = Math.max(f.to, to);
    addFrame(f, this.seen.get(f)!, frame);
    this.onChange(f, true);
  }

  /** The finding with its message text up to date (call before showing or serializing it). */
  fresh(f: Finding): Finding {
    const rule = this.stale.get(f);
    if (rule) {
      f.message = renderMessage(rule.meta, f);
      this.stale.delete(f);
    }
    return f;
  }

  /** Every finding, its text up to date (for the final report). */
  all(): Finding[] {
    return this.findings.map((f) => this.fresh(f));
  }

  /** Copies of every finding (a snapshot that later updates must not change). */
  copies(): Finding[] {
    return this.findings.map((x) => {
      const f = this.fresh(x);
      return {
        ...f,
        routers: [...f.routers],
        addresses: [...f.addresses],
        frames: [...f.frames],
        data: { ...f.data },
      };
    });
  }
}

/** Counts `fr` among f's frames unless counted already, and keeps it if f has room (see extend). */
function addFrame(f: Finding, seen: SeenFrames, fr: FrameRef): void {
  if (seen.has(fr)) return;
  f.frameCount++;
  if (f.frames.length < MAX_FRAMES) {
    f.frames.push(fr);
    seen.keep(fr);
  }
  seen.add(fr);
}
