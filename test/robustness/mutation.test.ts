/**
 * Seeded mutation: 100,000+ damaged copies of real VRRP/ARP/ND frames go through the dissectors and
 * both renderers. Nothing may throw, and no rendered line may carry a control character.
 * The seed is fixed so a failure reproduces; MUTATION_SEED / MUTATION_ROUNDS override it.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readCaptures } from '../../src/capture/inputs.js';
import { NOT_SCREENED, type CapturedPacket } from '../../src/capture/packet.js';
import { Dissector, Kind } from '../../src/dissect/decode.js';
import { ndjsonLine, textLine, type PacketRenderOptions } from '../../src/render/packets.js';
import { CAPTURES, HAVE_PUBLIC_CAPTURES, PUBLIC_CAPTURES } from '../support/paths.js';
import { mulberry32 } from '../support/random.js';

const ROUNDS = Number(process.env.MUTATION_ROUNDS ?? 120_000);
const SEED = Number(process.env.MUTATION_SEED ?? 0x5eed);

interface Seed {
  bytes: Buffer;
  linkType: number;
}

/** Seed frames grouped by what they decode as, so VRRP is not drowned by the ARP-heavy fuzz corpus. */
async function collectSeeds(): Promise<Seed[][]> {
  const files: string[] = [];
  if (existsSync(CAPTURES)) {
    for (const f of readdirSync(CAPTURES)) if (/\.(pcap|pcapng|cap)$/.test(f)) files.push(join(CAPTURES, f));
  }
  if (HAVE_PUBLIC_CAPTURES) {
    for (const f of readdirSync(PUBLIC_CAPTURES))
      if (/\.(pcap|pcapng|cap)$/.test(f)) files.push(join(PUBLIC_CAPTURES, f));
  }
  const byKind = new Map<number, Seed[]>();
  const d = new Dissector();
  for (const f of files) {
    await readCaptures([f], (p) => {
      const kind = d.classify(p);
      if (kind === Kind.None) return;
      const list = byKind.get(kind) ?? [];
      byKind.set(kind, list);
      list.push({ bytes: Buffer.from(p.data.subarray(p.offset, p.offset + p.caplen)), linkType: p.linkType });
    });
  }
  return [...byKind.values()];
}

const LINK_TYPES = [1, 113, 276, 101, 228, 229, 12];
// Anything below space except nothing: text and NDJSON lines are single lines of printable text.
// eslint-disable-next-line no-control-regex -- matching control characters is this regex's whole job
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

test(`mutation: ${ROUNDS} damaged frames decode and render without an exception (seed ${SEED})`, async (t) => {
  const groups = await collectSeeds();
  const total = groups.reduce((n, g) => n + g.length, 0);
  assert.ok(total >= 10, `need seed frames (found ${total}); captures/ holds the project's own`);
  const rand = mulberry32(SEED);
  const int = (n: number) => Math.floor(rand() * n);
  const d = new Dissector();
  const opts: PacketRenderOptions = { inputs: ['fuzz'], pcapng: [false], showSecrets: true, time: 'utc' };
  const buf = Buffer.alloc(4096);
  const packet: CapturedPacket = {
    frame: 0,
    sec: 0,
    nsec: 0,
    caplen: 0,
    origLen: 0,
    linkType: 1,
    ifIndex: 0,
    section: 0,
    data: buf,
    offset: 0,
    input: 0,
    screen: NOT_SCREENED,
  };
  let decoded = 0;
  const kinds = new Map<string, number>();
  for (let i = 0; i < ROUNDS; i++) {
    const group = groups[int(groups.length)];
    const s = group[int(group.length)];
    // Place the frame at a random offset inside a buffer full of stale bytes, as the reader does.
    const offset = int(64);
    buf.fill(0xa5);
    s.bytes.copy(buf, offset);
    let len = s.bytes.length;
    const edits = 1 + int(6);
    for (let e = 0; e < edits; e++) {
      const what = int(10);
      if (what < 5 && len > 0)
        buf[offset + int(len)] = int(256); // random byte
      else if (what < 7 && len > 0)
        buf[offset + int(len)] = rand() < 0.5 ? 0 : 0xff; // extremes
      else if (what < 9)
        len = int(len + 1); // truncate
      else len = Math.min(buf.length - offset, len + int(64)); // extend with stale bytes
    }
    packet.frame = i + 1;
    packet.offset = offset;
    packet.caplen = len;
    packet.origLen = len + int(3) * 100;
    packet.linkType = rand() < 0.9 ? s.linkType : LINK_TYPES[int(LINK_TYPES.length)];
    packet.sec = int(0x100000000);
    packet.nsec = int(1e9);
    let line1 = '';
    let line2 = '';
    try {
      const p = d.decode(packet);
      if (p) {
        decoded++;
        kinds.set(p.kind, (kinds.get(p.kind) ?? 0) + 1);
        line1 = textLine(p, opts);
        line2 = ndjsonLine(p, opts);
        JSON.parse(line2);
      }
    } catch (err) {
      const frame = buf.subarray(offset, offset + len).toString('hex');
      assert.fail(
        `round ${i} (seed ${SEED}): ${err instanceof Error ? err.stack : String(err)}\n` +
          `frame ${frame} linktype ${packet.linkType}`,
      );
    }
    if (CONTROL.test(line1) || CONTROL.test(line2)) {
      assert.fail(`round ${i}: control character in output: ${JSON.stringify(line1)}`);
    }
  }
  const perKind = [...kinds].map(([k, n]) => `${k} ${n}`).join(', ');
  t.diagnostic(
    `${total} seed frames in ${groups.length} kinds; ${decoded} of ${ROUNDS} mutants still decoded (${perKind})`,
  );
  // The mutants must keep exercising the decoders, not just the "not interesting" early exits.
  assert.ok(decoded > ROUNDS / 3, `only ${decoded} mutants were decoded`);
});
