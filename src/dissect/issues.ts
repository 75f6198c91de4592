/**
 * Every problem a decoder reports, registered once: its code (stable, "<layer>.<what>": it appears
 * in JSON, NDJSON and findings), a group and a severity after Wireshark's expert info (epan/expert.h),
 * and a one-line summary. A DecodeIssue's `code` is an IssueCode, so a decoder cannot report a
 * problem that is not registered here.
 */
import type { Severity } from '../report/types.js';

/**
 * Wireshark's expert groups, those that apply here:
 *   malformed   the bytes do not hold what their headers claim (cut short, lengths that do not add up)
 *   protocol    well-formed, but against the specification (an unknown version, VRRPv2 over IPv6)
 *   checksum    a checksum that does not verify
 *   sequence    sequence or order
 *   reassemble  a fragment, or a reassembly problem
 *   undecoded   bytes vrrpscope leaves undecoded on purpose
 */
export type IssueGroup = 'malformed' | 'protocol' | 'checksum' | 'sequence' | 'reassemble' | 'undecoded';

export interface IssueInfo {
  readonly group: IssueGroup;
  /** info: worth knowing, nothing wrong with the sender; warning: suspicious or lossy; error: broken. */
  readonly severity: Severity;
  /** One line, for people: what the code means (each issue's `detail` says what was seen). */
  readonly summary: string;
}

const REGISTRY = {
  'vlan.too-deep': {
    group: 'undecoded',
    severity: 'info',
    summary: 'more VLAN tags than are reported: only the outer ones are kept',
  },
  'arp.truncated': { group: 'malformed', severity: 'warning', summary: 'ARP header or addresses cut short' },
  'arp.atmarp': {
    group: 'undecoded',
    severity: 'info',
    summary: 'ATM ARP (RFC 2225, another layout): addresses not decoded',
  },
  'arp.bad-length': {
    group: 'malformed',
    severity: 'warning',
    summary: 'ARP with a hardware or protocol address length of 0',
  },
  'ip.truncated': { group: 'malformed', severity: 'warning', summary: 'IP header cut short' },
  'ip.bad-header-length': { group: 'malformed', severity: 'error', summary: 'IPv4 header length below 20 bytes' },
  'ip.bad-length': { group: 'malformed', severity: 'error', summary: 'IPv4 total length shorter than its header' },
  'ip.fragment': {
    group: 'reassemble',
    severity: 'info',
    summary: 'IP fragment: not reassembled, payload not decoded',
  },
  'ip.bad-checksum': { group: 'checksum', severity: 'error', summary: 'IPv4 header checksum is wrong' },
  'nd.truncated': {
    group: 'malformed',
    severity: 'warning',
    summary: 'neighbor solicitation or advertisement cut short',
  },
  'nd.bad-option': {
    group: 'malformed',
    severity: 'warning',
    summary: 'neighbor discovery option of length 0 (RFC 4861: the packet is to be discarded)',
  },
  'icmp.truncated': {
    group: 'malformed',
    severity: 'warning',
    summary: 'ICMP error cut short before the end of the IP header it quotes',
  },
  'vrrp.truncated': { group: 'malformed', severity: 'warning', summary: 'VRRP message cut short' },
  'vrrp.bad-version': { group: 'protocol', severity: 'error', summary: 'VRRP version other than 2 or 3' },
  'vrrp.bad-type': { group: 'protocol', severity: 'error', summary: 'VRRP type other than 1 (ADVERTISEMENT)' },
  'vrrp.v2-over-ipv6': {
    group: 'protocol',
    severity: 'warning',
    summary: 'VRRPv2 over IPv6 (RFC 3768 defines it for IPv4 only)',
  },
  'vrrp.bad-length': {
    group: 'malformed',
    severity: 'error',
    summary: 'VRRP message shorter than its count of addresses needs',
  },
  'vrrp.no-addresses': {
    group: 'protocol',
    severity: 'warning',
    summary: 'VRRP advertisement with no virtual addresses',
  },
  'carp.truncated': { group: 'malformed', severity: 'warning', summary: 'CARP message cut short' },
} as const satisfies Record<string, IssueInfo>;

/** The code of a decode problem. */
export type IssueCode = keyof typeof REGISTRY;

/** Every registered code, in registry order (link layer first, then by protocol). */
export const ISSUE_CODES: readonly IssueCode[] = Object.keys(REGISTRY) as IssueCode[];

/** Group, severity and summary of a decode problem. */
export function issueInfo(code: IssueCode): IssueInfo {
  return REGISTRY[code];
}
