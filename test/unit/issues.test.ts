/**
 * The registry of decode problems (src/dissect/issues.ts): entries are well-formed, every code the
 * decoders' source can push is registered and every registered code is pushed somewhere, and what
 * damaged frames make the decoders report at run time is registered.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readCaptures } from '../../src/capture/inputs.js';
import { NOT_SCREENED, type CapturedPacket } from '../../src/capture/packet.js';
import { Dissector } from '../../src/dissect/decode.js';
import { ISSUE_CODES, issueInfo, type IssueGroup } from '../../src/dissect/issues.js';
import { SEVERITIES } from '../../src/report/types.js';
import { CAPTURES, ROOT } from '../support/paths.js';

const GROUPS: readonly IssueGroup[] = ['malformed', 'protocol', 'checksum', 'sequence', 'reassemble', 'undecoded'];

test('registry entries are well-formed: "<layer>.<what>" codes, a known group and severity, a one-line summary', () => {
  assert.ok(ISSUE_CODES.length > 0);
  assert.equal(new Set(ISSUE_CODES).size, ISSUE_CODES.length, 'codes are unique');
  for (const code of ISSUE_CODES) {
    assert.match(code, /^[a-z0-9]+\.[a-z0-9]+(-[a-z0-9]+)*$/, code);
    const info = issueInfo(code);
    assert.deepEqual(Object.keys(info).sort(), ['group', 'severity', 'summary'], code);
    assert.ok(GROUPS.includes(info.group), `${code}: group ${info.group}`);
    assert.ok(SEVERITIES.includes(info.severity), `${code}: severity ${info.severity}`);
    assert.ok(info.summary.length > 0 && info.summary.length <= 100, `${code}: summary length`);
    assert.equal(info.summary, info.summary.trim(), `${code}: summary has no surrounding blanks`);
    assert.doesNotMatch(info.summary, /[\n\r\t]|\.$/, `${code}: summary is one line without a final period`);
  }
});

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

test('the codes the decoders push are the registered codes, no more, no fewer', () => {
  const dir = join(ROOT, 'src', 'dissect');
  const pushed = new Set<string>();
  let pushes = 0;
  let literal = 0;
  for (const file of sources(dir)) {
    const text = readFileSync(file, 'utf8');
    pushes += text.match(/\bissues\.push\(/g)?.length ?? 0;
    for (const m of text.matchAll(/\bissues\.push\(\{\s*code:\s*'([^']+)'/g)) {
      pushed.add(m[1]);
      literal++;
    }
  }
  assert.ok(pushes > 0, `no issues.push( found under ${dir}`);
  assert.equal(literal, pushes, "every issues.push() starts with a literal code: { code: '<layer>.<what>', ... }");
  assert.deepEqual([...pushed].sort(), [...ISSUE_CODES].sort());
});

test('what damaged frames make the decoders report is registered', async () => {
  const seeds: { bytes: Buffer; linkType: number }[] = [];
  const d = new Dissector();
  const files = readdirSync(CAPTURES).filter((f) => /\.(pcap|pcapng)$/.test(f));
  for (const f of files) {
    await readCaptures([join(CAPTURES, f)], (p) => {
      if (d.kindOf(p) === null) return;
      seeds.push({ bytes: Buffer.from(p.data.subarray(p.offset, p.offset + p.caplen)), linkType: p.linkType });
    });
  }
  assert.ok(seeds.length >= 10, `seed frames in ${CAPTURES}`);
  const registered = new Set<string>(ISSUE_CODES);
  const seen = new Set<string>();
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
  let state = 0x1551e5;
  const int = (n: number) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % n;
  };
  for (let round = 0; round < 20_000; round++) {
    const seed = seeds[int(seeds.length)];
    seed.bytes.copy(buf);
    let len = seed.bytes.length;
    for (let k = 1 + int(3); k > 0; k--) buf[int(len)] = int(256);
    if (int(3) === 0) len = int(len + 1);
    packet.caplen = len;
    packet.linkType = seed.linkType;
    const p = d.decode(packet);
    for (const issue of p?.issues ?? []) {
      assert.ok(registered.has(issue.code), `unregistered code ${issue.code}: ${issue.detail}`);
      seen.add(issue.code);
    }
  }
  assert.ok(seen.size >= 12, `damaged frames reach most codes (saw ${[...seen].join(', ')})`);
});
