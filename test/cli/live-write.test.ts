/**
 * `live - --write` keeps every frame's link type: a Linux cooked stream is written as Linux
 * cooked (not relabelled Ethernet), and a stream of several link types is written to one pcap
 * per link type, each frame intact.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readCaptures } from '../../src/capture/inputs.js';
import { CAPTURES, CLI } from '../support/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-write-'));

function live(input: string, out: string) {
  return spawnSync(process.execPath, [CLI, 'live', '-', '--write', out, '--format', 'json', '--fail-on', 'none'], {
    input: readFileSync(join(CAPTURES, input)),
    encoding: 'utf8',
  });
}

/** Link type and frame bytes of every frame of a capture. */
async function frames(path: string): Promise<string[]> {
  const out: string[] = [];
  await readCaptures([path], (p) => {
    out.push(`${p.linkType} ${p.data.subarray(p.offset, p.offset + p.caplen).toString('hex')}`);
  });
  return out;
}

test('a Linux cooked stream is written as Linux cooked, frame for frame', async () => {
  const out = join(dir, 'sll.pcap');
  const r = live('synth-sll.pcap', out);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readFileSync(out).readUInt32LE(20), 113, 'LINKTYPE_LINUX_SLL in the header');
  assert.deepEqual(await frames(out), await frames(join(CAPTURES, 'synth-sll.pcap')));
});

test('two link types in one stream: one pcap each, every frame kept', async () => {
  const out = join(dir, 'mixed.pcap');
  const r = live('synth-multi-section.pcapng', out);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /frames of link type 113 go to .*mixed\.linktype-113\.pcap/);
  const written = [...(await frames(out)), ...(await frames(join(dir, 'mixed.linktype-113.pcap')))].sort();
  assert.deepEqual(written, (await frames(join(CAPTURES, 'synth-multi-section.pcapng'))).sort());
});
