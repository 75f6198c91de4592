/**
 * The findings the rules raise, and their bookkeeping: each frame counted once in `frameCount`
 * (the list keeps the first MAX_FRAMES), message text rendered when someone reads it (a finding
 * extended by every advert would otherwise render its message every time), and at most
 * FINDINGS_LISTED findings of a rule per group and messageId: the further ones are one finding
 * that counts them (see Overflow).
 */
import { FINDINGS_LISTED, MORE_FINDINGS, type Finding, type FrameRef, type Severity } from '../report/types.js';
import type { GroupState } from './model.js';
import { MAX_FRAMES, checkMessage, formatMessage, renderMessage } from './rule.js';
import type { FindingDraft, LazyMessage, Rule, RuleMessage } from './rule.js';
import { groupName, NamedSet } from './rules/util.js';

/** Addresses a finding lists: the most one advert can carry (its Count IPvX Addr field is 8 bits). */
export const MAX_ADDRESSES = 255;

/** Frames remembered per finding beyond those kept, to count each frame once (see extend). */
const RECENT_FRAMES = 8;

/**
 * A finding's bookkeeping, on one record that the finding itself points to (BOOK): what an
 * extension reads and writes besides the finding. A finding extended by every advert is extended
 * about a million times on a long capture; with its bookkeeping in tables of the store, each
 * extension also read a table's entry, the record it led to and that record's list, each a likely
 * cache miss once the findings outgrow the caches.
 *
 * The frames: those kept (as a set) and the last few added (a ring), to count each frame once.
 * Evidence mostly arrives in frame order: a frame number above every number seen so far is new
 * without a look at either.
 */
class Book {
  /** The frames kept, as a set: built on the first look that needs it (frames out of order). */
  private kept: Set<FrameRef> | null = null;
  /** The last RECENT_FRAMES frames added, once the finding keeps no more (until then `kept` holds them all). */
  private recent: FrameRef[] | null = null;
  /** Where the next frame goes in `recent` once it is full (its oldest). */
  private next = 0;
  /** The highest frame number kept or recent (frame references with a file name are never above it). */
  private max = -Infinity;
  /** Whether the finding's list of frames is full (MAX_FRAMES): the frames after are counted, not kept. */
  full = false;
  /** The rule, when the finding's message text is behind its messageId and data (rendered when read: fresh()). */
  stale: Rule | null = null;
  /** The finding's message while it is behind a LazyMessage (made when read: settle()). */
  lazy: LazyMessage | null = null;
  /** For a finding raised past the limit (not listed): the overflow finding that counts it. */
  overflow: Overflow | null = null;

  /** `frames`: the finding's own list of the frames kept (it grows with keep()). */
  constructor(
    private readonly frames: readonly FrameRef[],
    recent: readonly FrameRef[],
  ) {
    for (const fr of frames) if (typeof fr === 'number' && fr > this.max) this.max = fr;
    this.full = frames.length >= MAX_FRAMES;
    for (const fr of recent) this.add(fr);
  }

  has(fr: FrameRef): boolean {
    if (typeof fr === 'number' && fr > this.max) return false;
    this.kept ??= new Set(this.frames);
    return this.kept.has(fr) || (this.recent !== null && this.recent.includes(fr));
  }

  /** One of the last RECENT_FRAMES added (the oldest is forgotten). */
  add(fr: FrameRef): void {
    if (typeof fr === 'number' && fr > this.max) this.max = fr;
    // Until the list is full every frame added is kept, and found in `kept`.
    if (!this.full) return;
    const recent = (this.recent ??= []);
    if (recent.length < RECENT_FRAMES) recent.push(fr);
    else {
      recent[this.next] = fr;
      this.next = (this.next + 1) % RECENT_FRAMES;
    }
  }

  /** `fr` was added to the finding's frames (`full`: the list is full now). */
  keep(fr: FrameRef, full: boolean): void {
    if (typeof fr === 'number' && fr > this.max) this.max = fr;
    this.kept?.add(fr);
    this.full = full;
  }
}

/** Where a finding of the store keeps its Book: a property JSON, spreads and comparisons do not see. */
const BOOK = Symbol('finding bookkeeping');

/** A finding of the store, with its bookkeeping. */
type Tracked = Finding & { readonly [BOOK]: Book };

/** Hangs `book` on `f` (not enumerable: the report's finding is unchanged). */
function track(f: Finding, book: Book): Tracked {
  Object.defineProperty(f, BOOK, { value: book });
  return f as Tracked;
}

/** f's bookkeeping (every finding a rule holds was raised by the store). */
const bookOf = (f: Finding): Book => (f as Tracked)[BOOK];

/**
 * The one finding of a rule, group and messageId that stands for its findings past the first
 * FINDINGS_LISTED (events that repeat all day: slow takeovers, missing announcements, releases;
 * a rule's own summary of a flood has a messageId of its own, and stays): it spans them all,
 * counts them (`count`, its data's `count`), names their first 16 routers and counts their frames,
 * and its message quotes the latest of them.
 */
interface Overflow {
  f: Finding;
  rule: Rule;
  group: GroupState | null;
  routers: NamedSet;
  addresses: Set<string>;
  /** The overflow finding's own bookkeeping (its Book). */
  seen: Book;
  /** The latest finding it stands for (not listed itself: a rule may still extend it). */
  latest: Finding;
}

/** The overflow finding's message, of a group's findings or of findings of no group. */
const MORE_TEXT =
  '{{count}} more {{rule}} findings like this for {{group}} past the first {{listed}}; the latest: {{latest}}';
const MORE_TEXT_NO_GROUP =
  '{{count}} more {{rule}} findings like this past the first {{listed}}; the latest: {{latest}}';

export class FindingStore {
  private readonly findings: Finding[] = [];
  /** Per rule and group (null: findings of no group), findings listed by messageId. */
  private readonly listed = new Map<Rule, Map<GroupState | null, Map<string, number>>>();
  /** Per rule and group, by messageId, the finding that stands for those past FINDINGS_LISTED. */
  private readonly overflows = new Map<Rule, Map<GroupState | null, Map<string, Overflow>>>();
  /** Overflow findings whose message is behind their latest finding (rendered when read). */
  private readonly staleOverflows = new Set<Overflow>();
  /** Each overflow finding's bookkeeping (what fresh() renders it from). */
  private readonly overflowOf = new Map<Finding, Overflow>();

  /** `onChange`: a finding was raised (update false) or extended (true). */
  constructor(private readonly onChange: (f: Finding, update: boolean) => void) {}

  /**
   * Raises a finding. Past FINDINGS_LISTED of its rule and group it is not listed: the finding
   * returned is the rule's to extend as usual, and the group's overflow finding counts it.
   */
  raise(rule: Rule, severity: Severity, d: FindingDraft): Finding {
    const scope = d.group ?? null;
    const counts = inner(inner(this.listed, rule), scope);
    const n = counts.get(d.messageId) ?? 0;
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
    const book = new Book(f.frames, frames.slice(MAX_FRAMES).slice(-RECENT_FRAMES));
    track(f, book);
    if (n >= FINDINGS_LISTED) {
      book.overflow = this.fold(rule, scope, f);
      return f;
    }
    counts.set(d.messageId, n + 1);
    this.findings.push(f);
    this.onChange(f, false);
    return f;
  }

  /** `f`, raised past the limit, into its rule and group's overflow finding (raised with the first). */
  private fold(rule: Rule, scope: GroupState | null, f: Finding): Overflow {
    const byId = inner(inner(this.overflows, rule), scope);
    let o = byId.get(f.messageId);
    if (!o) {
      const more: Finding = {
        ...f,
        routers: [],
        addresses: [],
        frames: [],
        frameCount: 0,
        count: 0,
        messageId: MORE_FINDINGS,
        data: {},
      };
      o = {
        f: more,
        rule,
        group: scope,
        routers: new NamedSet(),
        addresses: new Set(),
        seen: new Book(more.frames, []),
        latest: f,
      };
      track(more, o.seen);
      byId.set(f.messageId, o);
      this.overflowOf.set(more, o);
      this.findings.push(more);
    }
    const more = o.f;
    more.count = (more.count ?? 0) + 1;
    more.from = Math.min(more.from, f.from);
    more.to = Math.max(more.to, f.to);
    let grew = false;
    for (const a of f.routers) if (o.routers.add(a)) grew = true;
    if (grew) more.routers = [...o.routers.first];
    for (const a of f.addresses) {
      if (o.addresses.size >= MAX_ADDRESSES || o.addresses.has(a)) continue;
      o.addresses.add(a);
      more.addresses.push(a);
    }
    for (const fr of f.frames) addFrame(more, o.seen, fr);
    // Frames past the ones f keeps are counted by f alone (its later evidence is counted here).
    more.frameCount += f.frameCount - f.frames.length;
    o.latest = f;
    more.data = { count: more.count, rule: rule.meta.id, listed: FINDINGS_LISTED };
    if (scope) more.data.group = groupName(scope);
    this.staleOverflows.add(o);
    this.onChange(more, more.count > 1);
    return o;
  }

  extend(
    rule: Rule,
    f: Finding,
    to: number,
    frames: FrameRef[],
    message?: RuleMessage | LazyMessage,
    from?: number,
  ): void {
    const book = bookOf(f);
    if (book.overflow) return this.extendFolded(rule, book, book.overflow, f, to, frames, message, from);
    f.to = Math.max(f.to, to);
    if (from !== undefined) f.from = Math.min(f.from, from);
    // frameCount is the true total: a frame already counted is not counted again, whether it is
    // among the frames kept or among the last few added (evidence repeats itself: the same last
    // advert of the other master proves several adverts of this one).
    for (const fr of frames) addFrame(f, book, fr);
    if (message) {
      // The text is rendered when someone reads it (fresh()), not on every extension; an unknown
      // id or a missing value still fails here, in the rule's own call (a LazyMessage's, when read).
      this.setMessage(rule, f, book, message);
      book.stale = rule;
    }
    this.onChange(f, true);
  }

  /** f's message from now on: given, or made when read (a LazyMessage, which replaces any before it). */
  private setMessage(rule: Rule, f: Finding, book: Book, message: RuleMessage | LazyMessage): void {
    if (typeof message === 'function') {
      book.lazy = message;
      return;
    }
    book.lazy = null;
    checkMessage(rule.meta, message);
    f.messageId = message.messageId;
    f.data = { ...message.data };
  }

  /** f's messageId and data up to date: its LazyMessage, if it has one, made now. */
  private settle(rule: Rule, f: Finding): void {
    const book = bookOf(f);
    const make = book.lazy;
    if (!make) return;
    book.lazy = null;
    this.setMessage(rule, f, book, make());
  }

  /** f's message as last given (see RuleContext.message). */
  message(rule: Rule, f: Finding): RuleMessage {
    this.settle(rule, f);
    return { messageId: f.messageId, data: f.data };
  }

  /** extend() with one frame and the message unchanged: what most evidence is (no list per packet). */
  extendFrame(f: Finding, to: number, frame: FrameRef): void {
    const book = bookOf(f);
    if (book.overflow) return this.extendFolded(book.overflow.rule, book, book.overflow, f, to, [frame]);
    f.to = Math.max(f.to, to);
    addFrame(f, book, frame);
    this.onChange(f, true);
  }

  /**
   * A finding past the limit extended: the finding itself (its rule reads it back) and, with its
   * span and frames, the overflow finding that counts it.
   */
  private extendFolded(
    rule: Rule,
    book: Book,
    o: Overflow,
    f: Finding,
    to: number,
    frames: FrameRef[],
    message?: RuleMessage | LazyMessage,
    from?: number,
  ): void {
    const more = o.f;
    f.to = Math.max(f.to, to);
    more.to = Math.max(more.to, to);
    if (from !== undefined) {
      f.from = Math.min(f.from, from);
      more.from = Math.min(more.from, from);
    }
    for (const fr of frames) {
      addFrame(f, book, fr);
      addFrame(more, o.seen, fr);
    }
    if (message) {
      this.setMessage(rule, f, book, message);
      if (o.latest === f) this.staleOverflows.add(o);
    }
    this.onChange(more, true);
  }

  /** The finding with its message text up to date (call before showing or serializing it). */
  fresh(f: Finding): Finding {
    // (A copy made for a snapshot has no Book, and nothing to bring up to date.)
    const book = (f as Partial<Tracked>)[BOOK];
    const rule = book?.stale;
    if (book && rule) {
      this.settle(rule, f);
      f.message = renderMessage(rule.meta, f);
      book.stale = null;
    }
    const o = this.overflowOf.get(f);
    if (o && this.staleOverflows.has(o)) {
      this.staleOverflows.delete(o);
      this.settle(o.rule, o.latest);
      f.data.latest = renderMessage(o.rule.meta, o.latest);
      f.message = formatMessage(o.group ? MORE_TEXT : MORE_TEXT_NO_GROUP, f.data);
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

/** The map under `key` in `outer`, made empty the first time. */
function inner<K, K2, V>(outer: Map<K, Map<K2, V>>, key: K): Map<K2, V> {
  let m = outer.get(key);
  if (!m) outer.set(key, (m = new Map<K2, V>()));
  return m;
}

/** Counts `fr` among f's frames unless counted already, and keeps it if f has room (see extend). */
function addFrame(f: Finding, book: Book, fr: FrameRef): void {
  if (book.has(fr)) return;
  f.frameCount++;
  // (A full list is not looked at: the finding's frames are one more object to fetch.)
  if (!book.full) {
    f.frames.push(fr);
    book.keep(fr, f.frames.length >= MAX_FRAMES);
    return;
  }
  book.add(fr);
}
