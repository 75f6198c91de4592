/** `vrrpscope packets`: a decoded listing of the VRRP, CARP, ARP, ND and quoted-VRRP ICMP frames. */
import { readCaptures } from '../capture/inputs.js';
import type { CapturedPacket } from '../capture/packet.js';
import { Dissector } from '../dissect/decode.js';
import type { PacketKind } from '../dissect/types.js';
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
  time: 'utc' | 'epoch';
}

export async function packetsCommand(inputs: string[], opts: PacketsOptions): Promise<number> {
  const out = new LineOutput();
  const dissector = new Dissector();
  const only = opts.only ? new Set<PacketKind>(opts.only) : null;
  const counts = { frames: 0, vrrp: 0, carp: 0, arp: 0, nd: 0, icmp: 0 };
  const renderOpts: PacketRenderOptions = { inputs, pcapng: [], showSecrets: opts.showSecrets, time: opts.time };
  const render = opts.format === 'ndjson' ? ndjsonLine : textLine;
  const limit = opts.limit ?? Infinity;
  let printed = 0;

  const count = (packet: CapturedPacket) => {
    counts.frames++;
    const kind = dissector.kindOf(packet);
    if (kind !== null && (!only || only.has(kind))) counts[kind]++;
  };
  const list = (packet: CapturedPacket) => {
    const d = dissector.decode(packet);
    if (d === null || (only && !only.has(d.kind))) return;
    out.line(render(d, renderOpts));
    if (++printed >= limit) return false;
  };

  const summaries = await readCaptures(inputs, opts.count ? count : list, (formats) => {
    renderOpts.pcapng = formats.map((f) => f === 'pcapng');
  });
  if (opts.count) out.line(JSON.stringify(counts));
  await out.end();
  return reportInputs(summaries);
}
