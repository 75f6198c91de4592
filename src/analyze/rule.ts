/**
 * The finding-rule API. One module per finding kind (src/analyze/rules/), each with pure-data
 * metadata and a create(context) that subscribes to the engine's events, keeping its state in the
 * closure (the ESLint rule shape). Severity is configuration: the rule declares a default, the user
 * may override it or turn the rule off.
 */
import type { DecodedPacket } from '../dissect/types.js';
import type { Finding, FrameRef, Severity } from '../report/types.js';
import type { GroupState, RouterState, Transition } from './model.js';

export interface RuleOption {
  default: number;
  description: string;
}

export interface RuleMeta {
  id: string;
  defaultSeverity: Severity;
  description: string;
  options: Record<string, RuleOption>;
  /**
   * Message templates by id (ESLint's meta.messages): `{{name}}` placeholders are filled from the
   * data a finding is reported with. A finding carries its messageId and data, so scripts and tests
   * match on those rather than on the wording.
   */
  messages: Record<string, string>;
}

/**
 * Values shown in a message: numbers as numbers (rounded as the message shows them, units in the
 * template), lists as the message shows them (joined with ", " unless the template says otherwise).
 */
export type MessageData = Record<string, string | number>;

/** Which message of the rule's meta.messages, and the values for its placeholders. */
export interface RuleMessage {
  messageId: string;
  data?: MessageData;
}

/**
 * A message made when the finding is read (its text, its messageId and data), not when it is
 * extended: for evidence that changes the message on every packet (a split brain's running time),
 * most of which nobody reads. It must make the message as it would have been at the extend() call:
 * what it reads (values it holds, or state of the rule's own) must not change until the rule extends
 * the finding again; never the engine's event objects, which are refilled.
 */
export type LazyMessage = () => RuleMessage;

/** An advert (the engine's one object, refilled per advert: valid during the call, copy what you keep). */
export interface AdvertEvent {
  time: number;
  packet: DecodedPacket;
  group: GroupState;
  router: RouterState;
  frame: FrameRef;
}

/**
 * An IPv4 or IPv6 address claimed by a MAC: ARP reply/gratuitous/request sender, or a neighbor
 * advertisement (the engine's one object, refilled per claim: valid during the call).
 */
export interface ClaimEvent {
  time: number;
  packet: DecodedPacket;
  address: string;
  mac: string;
  /** Gratuitous ARP (sender IP = target IP) or unsolicited NA (S=0): an announcement. */
  announcement: boolean;
  /** The claim answers or announces (ARP reply, gratuitous ARP, NA), rather than asking (ARP request). */
  answer: boolean;
  /** L2 segment key (see segmentKey). */
  segment: string;
  /** Groups on this segment with this address among their virtual addresses. */
  groups: readonly GroupState[];
  frame: FrameRef;
}

/**
 * Two routers of one group both advertising through an overlap of their master periods (split
 * brain). The election's one object, refilled per advert of the split brain: valid during the
 * call, copy what you keep.
 */
export interface OverlapEvent {
  group: GroupState;
  a: RouterState;
  b: RouterState;
  from: number;
  to: number;
  /** The evidence so far (at most MAX_FRAMES). */
  frames: FrameRef[];
  /** This report's own evidence (an advert of one of the two inside the overlap). */
  frame: FrameRef;
  /** First report of this overlap (later ones extend it). */
  isNew: boolean;
}

/** A master advertised a priority other than its previous advert's, within one master period. */
export interface PriorityEvent {
  group: GroupState;
  router: RouterState;
  time: number;
  /** The previous advert's priority. */
  from: number;
  to: number;
  frame: FrameRef;
}

export interface MalformedEvent {
  time: number;
  packet: DecodedPacket;
  frame: FrameRef;
}

export interface RuleHooks {
  advert?(e: AdvertEvent): void;
  transition?(t: Transition, group: GroupState): void;
  /** Every claim (ARP, ND) of any address. */
  claim?(e: ClaimEvent): void;
  /**
   * A claim of an address some group holds (e.groups is not empty), called where claim() would be
   * in rule order. A rule that looks at no other claim says so with this hook instead of claim():
   * the ARP of a segment's hosts, most of its ARP, then costs it no call at all.
   */
  groupClaim?(e: ClaimEvent): void;
  overlap?(e: OverlapEvent): void;
  /** A master's advertised priority changed within its master period (a tracked check failed or recovered). */
  priority?(e: PriorityEvent): void;
  malformed?(e: MalformedEvent): void;
  /**
   * Packet time reached a time the rule asked for with `wake()`, or the first packet (before the
   * packet at `now` is processed; also from live clock ticks). Each call disarms the rule: it asks
   * again with `wake()`, here or from any other hook, whenever it has something due later.
   */
  tick?(now: number): void;
  /**
   * Findings are about to be read mid-run (a live clock tick, a snapshot): bring up to the latest
   * tick what the rule extends lazily rather than on every packet.
   */
  flush?(): void;
  /** Nothing was captured from `from` to `to` (a gap in the capture): judge nothing across it. */
  gap?(from: number, to: number): void;
  /** End of input at `now`: settle anything pending. */
  finish?(now: number, groups: GroupState[]): void;
}

/** What a rule reports. The engine adds rule id, severity, frame counts and the message text. */
export interface FindingDraft extends RuleMessage {
  group?: GroupState;
  from: number;
  to: number;
  routers: string[];
  addresses?: string[];
  frames: FrameRef[];
}

export interface RuleContext {
  options: Record<string, number>;
  /** The user asked to see secrets (VRRPv2 passwords) instead of masked text. */
  showSecrets: boolean;
  /** Raises a finding; returns it so the rule can extend it (see extend). */
  report(draft: FindingDraft): Finding;
  /**
   * Extends a raised finding's span (to, and back to `from` if earlier), frames, and replaces its
   * message. The message may be a function (LazyMessage): called only when the finding is read.
   */
  extend(f: Finding, to: number, frames: FrameRef[], message?: RuleMessage | LazyMessage, from?: number): void;
  /** extend() with one frame, the message as it is: the evidence of one more packet. */
  extendFrame(f: Finding, to: number, frame: FrameRef): void;
  /**
   * The finding's message as last given to report() or extend() (a LazyMessage made now): what a
   * rule that extends with LazyMessages reads instead of the finding's messageId and data.
   */
  message(f: Finding): RuleMessage;
  /** Packet time: the latest packet or clock tick (-Infinity before the first). */
  now(): number;
  /**
   * Asks for a call of tick() at the first packet or clock tick at or after `at` (the earliest time
   * asked for since the last call counts). A rule with nothing due is not called at all: a packet
   * costs the engine one comparison, not a call per rule.
   */
  wake(at: number): void;
}

export interface Rule {
  meta: RuleMeta;
  create(context: RuleContext): RuleHooks;
}

/** Frames kept per finding; frameCount holds the total. */
export const MAX_FRAMES = 100;

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

const placeholderCache = new Map<string, string[]>();

/** The placeholder names of a message template, in order of first appearance (parsed once per template). */
export function placeholders(template: string): string[] {
  let names = placeholderCache.get(template);
  if (!names) {
    names = [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]))];
    placeholderCache.set(template, names);
  }
  return names;
}

/**
 * Fills a template's `{{name}}` placeholders from `data` (in one pass: values are not expanded
 * again). A placeholder without a value is a programming error in the rule: it throws.
 */
export function formatMessage(template: string, data: MessageData): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    if (!Object.hasOwn(data, name)) throw new Error(`no value for {{${name}}} in ${JSON.stringify(template)}`);
    return String(data[name]);
  });
}

/** Throws on an unknown messageId or a placeholder without a value (a bug in the rule); the template. */
export function checkMessage(meta: RuleMeta, m: RuleMessage): string {
  if (!Object.hasOwn(meta.messages, m.messageId))
    throw new Error(`rule ${meta.id}: unknown messageId ${JSON.stringify(m.messageId)}`);
  const template = meta.messages[m.messageId];
  const data = m.data ?? {};
  for (const name of placeholders(template)) {
    if (Object.hasOwn(data, name)) continue;
    const missing = placeholders(template).filter((n) => !Object.hasOwn(data, n));
    throw new Error(
      `rule ${meta.id}, message ${m.messageId}: no value for ${missing.map((n) => `{{${n}}}`).join(', ')}`,
    );
  }
  return template;
}

/** The text of a rule's message; an unknown messageId or a placeholder without a value throws. */
export function renderMessage(meta: RuleMeta, m: RuleMessage): string {
  return formatMessage(checkMessage(meta, m), m.data ?? {});
}
