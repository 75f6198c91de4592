/**
 * The interfaces libpcap can capture on (pcap_findalldevs through cap's Cap.deviceList), with
 * their state from sysfs on Linux (cap reports only the loopback flag).
 */
import { readFileSync } from 'node:fs';
import { CaptureError } from '../errors.js';
import { CapUnavailable, capInstallHint, loadCap } from './cap-binding.js';
import { safeName } from './filter.js';

export interface InterfaceInfo {
  name: string;
  description?: string;
  /** "address/prefix" (IPv4 and IPv6). */
  addresses: string[];
  /** Of: loopback, up or down, no-carrier (up but no link) (the last three from sysfs, Linux). */
  flags?: string[];
}

const IFF_UP = 0x1;

/** Throws a CaptureError (input "interfaces") when the capture binding is not available. */
export function listInterfaces(): InterfaceInfo[] {
  let devices;
  try {
    devices = loadCap().Cap.deviceList();
  } catch (err) {
    if (err instanceof CapUnavailable) {
      throw new CaptureError(
        'interfaces',
        `live capture is not available: the optional packet capture binding "cap" ${err.reason}; ${capInstallHint()}`,
      );
    }
    throw new CaptureError('interfaces', `cannot list the interfaces: ${(err as Error).message}`);
  }
  return devices.map((d) => {
    const info: InterfaceInfo = { name: d.name, addresses: [] };
    if (d.description) info.description = d.description;
    for (const a of d.addresses ?? []) {
      if (!a.addr) continue;
      const prefix = a.netmask ? prefixLength(a.netmask) : -1;
      info.addresses.push(prefix >= 0 ? `${a.addr}/${prefix}` : a.addr);
    }
    const flags: string[] = [];
    if (d.flags === 'PCAP_IF_LOOPBACK') flags.push('loopback');
    const sys = sysfs(d.name, 'flags');
    if (sys !== undefined) {
      const up = (parseInt(sys, 16) & IFF_UP) !== 0;
      flags.push(up ? 'up' : 'down');
      if (up && sysfs(d.name, 'carrier') === '0') flags.push('no-carrier');
    }
    if (flags.length) info.flags = flags;
    return info;
  });
}

/** Prefix length of a contiguous netmask ("255.255.255.0" -> 24, "ffff:ffff::" -> 32), or -1. */
export function prefixLength(mask: string): number {
  let bits: number[];
  if (mask.includes(':')) {
    const halves = mask.split('::');
    if (halves.length > 2) return -1;
    const parse = (s: string) => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
    const head = parse(halves[0]);
    const tail = halves.length === 2 ? parse(halves[1]) : [];
    const groups =
      halves.length === 2
        ? [...head, ...new Array<number>(Math.max(0, 8 - head.length - tail.length)).fill(0), ...tail]
        : head;
    if (groups.length !== 8 || groups.some((g) => !(g >= 0 && g <= 0xffff))) return -1;
    bits = groups.flatMap((g) => [g >> 8, g & 0xff]);
  } else {
    bits = mask.split('.').map(Number);
    if (bits.length !== 4 || bits.some((b) => !(b >= 0 && b <= 255))) return -1;
  }
  let n = 0;
  let ended = false;
  for (const byte of bits) {
    for (let i = 7; i >= 0; i--) {
      const set = (byte >> i) & 1;
      if (set && ended) return -1;
      if (set) n++;
      else ended = true;
    }
  }
  return n;
}

/** An attribute of a network device in sysfs, trimmed; undefined when absent or unreadable. */
function sysfs(name: string, attr: string): string | undefined {
  if (!safeName(name)) return undefined;
  try {
    return readFileSync(`/sys/class/net/${name}/${attr}`, 'utf8').trim();
  } catch {
    return undefined;
  }
}
