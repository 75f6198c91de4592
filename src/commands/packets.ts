/** `vrrpscope packets`: a decoded listing of the VRRP, CARP, ARP, ND and quoted-VRRP ICMP frames. */
import { readCaptures } from '../capture/inputs.js';
import type { CapturedPacket } from '../capture/packet.js';
import { Dissector } from '../dissect/decode.js';
import type { PacketKind } from '../dissect/types.js';
import {
  hexLines,
  selects,
  timeColumn,
  verboseLines,
  type PacketSelection,
  type TimeMode,
} from '../render/packet-detail.js';
import { ndjsonLine, textLine, type PacketRenderOptions } from '../render/packets.js';
import { LineOutput } from '../util/output.js';
import { reportInputs } from './report-inputs.js';

export interface PacketsOptions {
  format: 'text' | 'ndjson';
  /** Print only counts per kind (frames are classified in place, nothing is built). */
  count: boolean;
  limit?: number;
  only?: PacketKind[];
  showSecrets: boolean;
  time: TimeMode;
  /** Which packets: VRID, router, VLAN, time window. */
  select?: PacketSelection;
  /** Text: every field of every layer under each line. */
  verbose?: boolean;
  /** Text: the frame's bytes under each line. */
  hex?: boolean;
}

export async function packetsCommand(inputs: string[], opts: PacketsOptions): Promise<number> {
  const out = new LineOutput(1, 'standard output', opts.format === 'text' ? 'text' : 'json');
  const dissector = new Dissector();
  const only = opts.only ? new Set<PacketKind>(opts.only) : null;
  const counts = { frames: 0, vrrp: 0, carp: 0, arp: 0, nd: 0, icmp: 0 };
  const renderOpts: PacketRenderOptions = { inputs, pcapng: [], showSecrets: opts.showSecrets, time: opts.time };
  const text = opts.format === 'text';
  const sel = opts.select ?? {};
  const selecting = Object.keys(sel).length > 0;
  const limit = opts.limit ?? Infinity;
  let printed = 0;
  // The first frame read (any kind: --from +10s counts from the start of the capture) and the
  // previous packet shown (--time delta).
  let first: [number, number] | null = null;
  let prev: [number, number] | null = null;

  const count = (packet: CapturedPacket) => {
    counts.frames++;
    const kind = dissector.kindOf(packet);
    if (kind !== null && (!only || only.has(kind))) counts[kind]++;
  };
  const list = (packet: CapturedPacket) => {
    first ??= [packet.sec, packet.nsec];
    const d = dissector.decode(packet);
    if (d === null || (only && !only.has(d.kind))) return;
    if (selecting && !selects(d, sel, first[0] + first[1] / 1e9)) return;
    if (!text) out.line(ndjsonLine(d, renderOpts));
    else {
      out.line(textLine(d, renderOpts, timeColumn(d, opts.time, first, prev)));
      if (opts.verbose)
        for (const l of verboseLines(d, {
          showSecrets: opts.showSecrets,
          caplen: packet.caplen,
          origLen: packet.origLen,
        }))
          out.line(l);
      if (opts.hex)
        for (const l of hexLines(packet.data.subarray(packet.offset, packet.offset + packet.caplen))) out.line(l);
    }
    prev = [d.sec, d.nsec];
    if (++printed >= limit) return false;
  };

  const summaries = await readCaptures(inputs, opts.count ? count : list, (formats) => {
    renderOpts.pcapng = formats.map((f) => f === 'pcapng');
  });
  if (opts.count) out.line(JSON.stringify(counts));
  await out.end();
  return reportInputs(summaries);
}
