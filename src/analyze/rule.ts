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
}

export interface AdvertEvent {
  time: number;
  packet: DecodedPacket;
  group: GroupState;
  router: RouterState;
  frame: FrameRef;
}

/** An IPv4 or IPv6 address claimed by a MAC: ARP reply/gratuitous/request sender, or a neighbor advertisement. */
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
  groups: GroupState[];
  frame: FrameRef;
}

/** Two routers of one group both advertising through an overlap of their master periods (split brain). */
export interface OverlapEvent {
  group: GroupState;
  a: RouterState;
  b: RouterState;
  from: number;
  to: number;
  frames: FrameRef[];
  /** First report of this overlap (later ones extend it). */
  isNew: boolean;
}

export interface MalformedEvent {
  time: number;
  packet: DecodedPacket;
  frame: FrameRef;
}

export interface RuleHooks {
  advert?(e: AdvertEvent): void;
  transition?(t: Transition, group: GroupState): void;
  claim?(e: ClaimEvent): void;
  overlap?(e: OverlapEvent): void;
  malformed?(e: MalformedEvent): void;
  /** Packet time moved to `now` (before the packet at `now` is processed; also from live clock ticks). */
  tick?(now: number): void;
  /** End of input at `now`: settle anything pending. */
  finish?(now: number, groups: GroupState[]): void;
}

/** What a rule reports. The engine adds rule id, severity and frame counts. */
export interface FindingDraft {
  group?: GroupState;
  from: number;
  to: number;
  routers: string[];
  addresses?: string[];
  frames: FrameRef[];
  message: string;
}

export interface RuleContext {
  options: Record<string, number>;
  /** The user asked to see secrets (VRRPv2 passwords) instead of masked text. */
  showSecrets: boolean;
  /** Raises a finding; returns it so the rule can extend it (see extend). */
  report(draft: FindingDraft): Finding;
  /** Extends a raised finding's span (to, and back to `from` if earlier), frames and message. */
  extend(f: Finding, to: number, frames: FrameRef[], message?: string, from?: number): void;
}

export interface Rule {
  meta: RuleMeta;
  create(context: RuleContext): RuleHooks;
}

/** Frames kept per finding; frameCount holds the total. */
export const MAX_FRAMES = 100;
