/**
 * vrrpscope vs tshark on every public capture in ../shared/public-captures. See tshark-oracle.ts for
 * the rules; a failure lists every disagreeing field with both values.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { HAVE_PUBLIC_CAPTURES, NO_PUBLIC_CAPTURES, PUBLIC_CAPTURES } from '../support/paths.js';
import { compareRow, decodeFile, DECODED_BEYOND_TSHARK, readOracle } from './tshark-oracle.js';

const DECAPSULATED = new Set<string>(['VXLAN', 'Geneve', 'ERSPAN', '802.1ah PBB', 'MPLS pseudowire']);

if (!HAVE_PUBLIC_CAPTURES) {
  test('differential: vrrpscope agrees with tshark on the public captures', { skip: NO_PUBLIC_CAPTURES }, () => {});
} else {
  const files = readdirSync(PUBLIC_CAPTURES)
    .filter((f) => f.endsWith('.tshark.tsv'))
    .map((f) => f.slice(0, -'.tshark.tsv'.length));
  test('differential: the public corpus is there', () => {
    assert.ok(files.length >= 40, `expected the 44 public captures, found ${files.length}`);
  });
  let totalMatched = 0;
  for (const file of files.sort()) {
    test(`differential: ${file} agrees with tshark`, async (t) => {
      const rows = readOracle(join(PUBLIC_CAPTURES, `${file}.tshark.tsv`));
      const decoded = await decodeFile(join(PUBLIC_CAPTURES, file));
      const carp = /carp/.test(file);
      const mismatches: string[] = [];
      const reasons = new Map<string, number>();
      let matched = 0;
      const shown = new Set<number>();
      for (const row of rows) {
        const frame = Number(row['frame.number']);
        shown.add(frame);
        const v = compareRow(row, decoded.get(frame), { carp, decapsulated: DECAPSULATED });
        if (v.status === 'match') matched++;
        else if (v.status === 'expected-difference') reasons.set(v.reason, (reasons.get(v.reason) ?? 0) + 1);
        else mismatches.push(`frame ${frame}: ${v.problems.join('; ')}`);
      }
      // The other direction: nothing decoded as VRRP/CARP/ARP that tshark's 'vrrp or arp' did not show.
      for (const [frame, p] of decoded) {
        if ((p.kind === 'vrrp' || p.kind === 'carp' || p.kind === 'arp') && !shown.has(frame)) {
          const known = DECODED_BEYOND_TSHARK[`${file}#${frame}`];
          if (known && known.kind === p.kind && p.issues.some((i) => i.code === known.issue)) {
            reasons.set(known.reason, (reasons.get(known.reason) ?? 0) + 1);
          } else {
            mismatches.push(`frame ${frame}: vrrpscope decoded ${p.kind}; tshark shows no VRRP/ARP`);
          }
        }
      }
      totalMatched += matched;
      t.diagnostic(`${matched} of ${rows.length} frames agree field by field`);
      for (const [reason, n] of reasons) t.diagnostic(`${n} frame(s) differ by design: ${reason}`);
      assert.deepEqual(mismatches.slice(0, 25), [], `${mismatches.length} frame(s) disagree with tshark`);
    });
  }
  test('differential: most frames are compared field by field, not excused', () => {
    assert.ok(totalMatched > 2700, `only ${totalMatched} frames matched field by field`);
  });
}
