/**
 * The libpcap binding `cap`, an optional dependency: loaded on first use only, so `analyze` and
 * `packets` work where it is missing or did not build.
 */
import { createRequire } from 'node:module';

/** The parts of cap's API vrrpscope uses (node_modules/cap/README.md, src/binding.cc). */
interface CapDevice {
  name: string;
  description?: string;
  addresses: { addr?: string; netmask?: string; broadaddr?: string; dstaddr?: string }[];
  /** Only ever 'PCAP_IF_LOOPBACK' (the binding reports no other flag). */
  flags?: string;
}

interface CapInstance {
  /**
   * Returns the link-type name; throws an Error with libpcap's message. Prints a warning from C when
   * the device has no IPv4 address.
   */
  open(device: string, filter: string, bufSize: number, buffer: Buffer): string;
  /** Safe only after a successful open(): after a failed one it aborts the process. */
  close(): boolean;
  on(event: 'packet', listener: (nbytes: number, truncated: boolean) => void): this;
  removeAllListeners(event?: string): this;
}

export interface CapModule {
  Cap: {
    new (): CapInstance;
    deviceList(): CapDevice[];
  };
}

/** Thrown when cap cannot be loaded: `reason` completes 'the binding "cap" ...' (e.g. "is not installed"). */
export class CapUnavailable extends Error {
  constructor(readonly reason: string) {
    super(`the packet capture binding "cap" ${reason}`);
    this.name = 'CapUnavailable';
  }
}

let cached: CapModule | null = null;

export function loadCap(): CapModule {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  try {
    cached = require('cap') as CapModule;
    return cached;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const message = firstLine(e.message ?? String(err));
    let reason = `could not be loaded (${message})`;
    if (e.code === 'MODULE_NOT_FOUND') {
      reason = /cap\.node/.test(message) ? 'is installed but its native part was not built' : 'is not installed';
    }
    throw new CapUnavailable(reason);
  }
}

/** What to do when cap is missing, for error messages. */
export function capInstallHint(iface = 'eth0'): string {
  return (
    'install libpcap-dev and a C++ compiler (apt-get install libpcap-dev build-essential) and run npm ci again; ' +
    `or capture with tcpdump: tcpdump -i ${iface} -U -w - ` +
    "'ip proto 112 or ip6 proto 112 or arp or icmp6' | vrrpscope live -"
  );
}

function firstLine(s: string): string {
  const line = s.split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}...` : line;
}
