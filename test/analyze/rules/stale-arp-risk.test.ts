/**
 * stale-arp-risk: a brief second master announces the VIP and yields; the master that stayed does
 * not announce it again within `window` (5 s) of the yield.
 */
import { staleArpRisk } from '../../../src/analyze/rules/stale-arp-risk.js';
import { R1, R2, Scenario, VIP } from '../../support/scenario.js';
import { hostArp, keepalivedGarps, metaTest, ruleTester, VMAC51, VRID51 } from './rule-tester.js';

metaTest(staleArpRisk, 'stale-arp-risk', 'warning', { window: 5 });

/**
 * VRRP blocked both ways: R2 times out and becomes a second master at 9.61 (5 GARPs), advertises
 * until 11.61 and yields when R1's advert reaches it again (12.0); R2 -> R1 stays blocked, so R1
 * never hears R2 and does not announce again (unless `reannounce` says when it does).
 */
function transient(o: { reannounce?: number; end?: number } = {}): Scenario {
  const s = new Scenario();
  s.every(0, o.end ?? 21, 1, R1);
  s.every(9.61, 11.61, 1, R2);
  keepalivedGarps(s, 0, R1.mac, [VIP]);
  keepalivedGarps(s, 9.61, R2.mac, [VIP], { second: false });
  if (o.reannounce !== undefined) keepalivedGarps(s, o.reannounce, R1.mac, [VIP], { second: false });
  hostArp(s, 0.5, o.end ?? 21);
  return s;
}

ruleTester(staleArpRisk, {
  valid: [
    {
      name: 'the master answers the brief master with its own GARPs (keepalived hearing a lower priority)',
      scenario: () => transient({ reannounce: 11.6105 }),
      others: ['duplicate-master'],
    },
    {
      name: 'the master announces again within the window after the yield (vrrp_garp_master_refresh)',
      scenario: () => transient({ reannounce: 15 }),
      others: ['duplicate-master'],
    },
    {
      name: 'routers on one virtual MAC (FRR): whatever was announced last, hosts have the right MAC',
      scenario: () => {
        const s = new Scenario();
        const f1 = { ...R1, mac: VMAC51, version: 3 as const };
        const f2 = { ...R2, mac: VMAC51, version: 3 as const };
        s.every(0, 21, 1, f1);
        s.every(9.61, 11.61, 1, f2);
        s.garp(0.0005, VMAC51, VIP);
        s.garp(9.6105, VMAC51, VIP);
        return s;
      },
      others: ['duplicate-master'],
    },
    {
      name: 'the capture ends inside the window: not judged',
      scenario: () => transient({ end: 16 }),
      others: ['duplicate-master'],
    },
  ],
  invalid: [
    {
      name: "the recording's story: nothing from R1 after R2 yields",
      scenario: () => transient(),
      findings: [
        {
          routers: [R1.address, R2.address],
          addresses: [VIP],
          from: 12,
          to: 17,
          messageId: 'stale',
          data: {
            yielded: R2.address,
            yieldedMac: R2.mac,
            group: VRID51,
            addresses: VIP,
            master: R1.address,
            masterMac: R1.mac,
            window: 5,
          },
        },
      ],
    },
  ],
});
