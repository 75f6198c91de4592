/** `vrrpscope packets`: a decoded listing of the VRRP, CARP, ARP, ND and quoted-VRRP ICMP frames. */
import { readCaptures, type InputSummary } from '../capture/inputs.js';
import { Dissector } from '../dissect/decode.js';
import type { PacketKind } from '../dissect/types.js';
import { ndjsonLine, textLine, type PacketRenderOptions } from '../render/packets.js';
import { LineOutput } from '../util/output.js';
import { reportInputs } from './report-inputs.js';

export interface PacketsOptions {
  format: 'text' | 'ndjson';
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
  const counts: Record<PacketKind, number> & { frames: number; withIssues: number } = {
    frames: 0,
    vrrp: 0,
    carp: 0,
    arp: 0,
    nd: 0,
    icmp: 0,
    withIssues: 0,
  };
  const renderOpts: PacketRenderOptions = {
    inputs,
    pcapng: [],
    showSecrets: opts.showSecrets,
    time: opts.time,
  };
  const render = opts.format === 'ndjson' ? ndjsonLine : textLine;
  let printed = 0;
  const limit = opts.limit ?? Infinity;

  const summaries: InputSummary[] = await readCaptures(inputs, (packet) => {
    counts.frames++;
    const d = dissector.decode(packet);
    if (d === null || (only && !only.has(d.kind))) return;
    counts[d.kind]++;
    if (d.issues.length) counts.withIssues++;
    if (opts.count) return;
    out.line(render(d, renderOpts));
    if (++printed >= limit) return false;
  }, (formats) => {
    renderOpts.pcapng = formats.map((f) => f === 'pcapng');
  });

  if (opts.count) out.line(JSON.stringify(counts));
  await out.end();
  return reportInputs(summaries);
}
