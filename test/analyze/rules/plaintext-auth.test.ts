/** plaintext-auth: VRRPv2 simple-text passwords on the wire, masked unless --show-secrets. */
import { plaintextAuth } from '../../../src/analyze/rules/plaintext-auth.js';
import { R1, R2, Scenario, type RouterSpec } from '../../support/scenario.js';
import {
  crashFailover,
  frrFailover,
  gracefulStop,
  healthy,
  ipv6Failover,
  metaTest,
  preemption,
  ruleTester,
  tieAtTakeover,
} from './rule-tester.js';

metaTest(plaintextAuth, 'plaintext-auth', 'warning', {});

function failover(a: Partial<RouterSpec>, b: Partial<RouterSpec> = a): Scenario {
  const s = new Scenario();
  s.every(0, 10, 1, { ...R1, ...a });
  s.every(13.61, 19.61, 1, { ...R2, ...b });
  return s;
}

ruleTester(plaintextAuth, {
  valid: [
    { name: 'a healthy master without authentication', scenario: healthy },
    { name: 'crash failover', scenario: crashFailover },
    { name: 'graceful stop', scenario: gracefulStop, others: ['master-release'] },
    { name: 'preemption', scenario: preemption },
    { name: 'equal-priority tie at takeover', scenario: tieAtTakeover, others: ['priority-conflict'] },
    { name: 'VRRPv3 (no authentication field)', scenario: frrFailover },
    { name: 'IPv6', scenario: ipv6Failover },
    { name: 'auth type 2 (IP AH)', scenario: () => failover({ authType: 2, authData: '' }) },
    { name: 'auth type 254 (Cisco MD5)', scenario: () => failover({ authType: 254, authData: '\\x01\\x02' }) },
  ],
  invalid: [
    {
      name: 'both routers with the same password: one finding naming both, password masked',
      scenario: () => failover({ authType: 1, authData: 'vrrp-pw' }),
      findings: [
        {
          routers: [R1.address, R2.address],
          addresses: [],
          from: 0,
          to: 19.61,
          frameCount: 18,
          mentions: [R1.address, R2.address, 'show-secrets'],
          notMentions: ['vrrp-pw'],
        },
      ],
    },
    {
      name: '--show-secrets shows the password',
      scenario: () => failover({ authType: 1, authData: 'vrrp-pw' }),
      showSecrets: true,
      findings: [
        {
          routers: [R1.address, R2.address],
          addresses: [],
          from: 0,
          to: 19.61,
          frameCount: 18,
          mentions: [R1.address, R2.address, '"vrrp-pw"'],
        },
      ],
    },
    {
      name: 'different passwords: one finding per password',
      scenario: () => failover({ authType: 1, authData: 'pw-one' }, { authType: 1, authData: 'pw-two' }),
      findings: [
        { routers: [R1.address], addresses: [], from: 0, to: 10, frameCount: 11, notMentions: ['pw-one', 'pw-two'] },
        {
          routers: [R2.address],
          addresses: [],
          from: 13.61,
          to: 19.61,
          frameCount: 7,
          notMentions: ['pw-one', 'pw-two'],
        },
      ],
    },
    {
      name: 'an empty password',
      scenario: () => failover({ authType: 1, authData: '' }),
      findings: [
        {
          routers: [R1.address, R2.address],
          addresses: [],
          from: 0,
          to: 19.61,
          frameCount: 18,
          mentions: [R1.address, R2.address, 'empty'],
        },
      ],
    },
    {
      name: 'a one-character password is not shown in full by the mask',
      // maskSecret keeps the first character: for "7" that is the whole password.
      scenario: () => failover({ authType: 1, authData: '7' }),
      findings: [
        { routers: [R1.address, R2.address], addresses: [], from: 0, to: 19.61, frameCount: 18, notMentions: ['7'] },
      ],
    },
  ],
});
