/**
 * What the capture process (worker.ts) and vrrpscope (capture.ts) say to each other over the IPC
 * channel (child_process 'advanced' serialization: Buffers travel as Buffers, copied once).
 *
 * Packets travel in batches: one Buffer per batch holding records of
 *   sec u32 | nsec u32 | caplen u32 | origLen u32 | caplen bytes      (little-endian)
 * The receiving side keeps each batch Buffer as the packets' own storage (it is never reused).
 */

export const RECORD_HEADER = 16;

/** Configuration, passed as the capture process's one argument (JSON). */
export interface WorkerConfig {
  iface: string;
  filter: string;
  /** Kernel buffer size in bytes (pcap_set_buffer_size). */
  bufferSize: number;
  /** Bytes kept per frame (cap always captures up to 65535; longer frames are cut here). */
  snaplen: number;
}

/** Why the capture could not be opened. */
export type OpenFailure = 'nocap' | 'permission' | 'nodevice' | 'notup' | 'filter' | 'other';

export type WorkerMessage =
  | { t: 'ready'; linkType: number; linkName: string }
  | { t: 'error'; kind: OpenFailure; message: string }
  | { t: 'batch'; buf: Buffer; n: number; received: number; dropped: number }
  | { t: 'stopped'; received: number; dropped: number };

export type ParentMessage = { t: 'stop' };

/** cap's open() returns a link-type name (or "Unknown linktype N" with a DLT number). */
export function capLinkType(name: string): number {
  switch (name) {
    case 'NULL':
      return 0;
    case 'ETHERNET':
      return 1;
    case 'IEEE802_11_RADIO':
      return 127;
    case 'LINKTYPE_LINUX_SLL':
      return 113;
    case 'RAW':
      return 101; // DLT_RAW (12 on Linux) is written to files as LINKTYPE_RAW
  }
  const m = /^Unknown linktype (\d+)$/.exec(name);
  if (!m) return -1;
  return dltToLinkType(Number(m[1]));
}

/** The few DLT_* values that differ from their LINKTYPE_* (libpcap's dlt_to_linktype). */
function dltToLinkType(dlt: number): number {
  switch (dlt) {
    case 11:
      return 100; // ATM_RFC1483
    case 12:
    case 14:
      return 101; // RAW
    case 15:
      return 102; // SLIP_BSDOS
    case 16:
      return 103; // PPP_BSDOS
    case 17:
      return 117; // PFLOG (OpenBSD)
    case 18:
      return 246; // PFSYNC (OpenBSD)
    case 19:
      return 106; // ATM_CLIP
    default:
      return dlt;
  }
}

/** Sorts an exception message from cap's open() into a failure kind (the filter case is decided by a probe). */
export function classifyOpenError(message: string): OpenFailure {
  if (/operation not permitted|permission|EPERM|EACCES/i.test(message)) return 'permission';
  if (/no such device/i.test(message)) return 'nodevice';
  if (/not up/i.test(message)) return 'notup';
  return 'other';
}

/**
 * The line libpcap's caller (cap's open()) prints from C when pcap_lookupnet fails, e.g. on an
 * interface without IPv4 address.
 */
export const LOOKUPNET_WARNING = /^Warning: .* - This may not actually work$/;
