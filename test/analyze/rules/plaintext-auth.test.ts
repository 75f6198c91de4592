/** plaintext-auth: VRRPv2 simple-text passwords on the wire, masked unless --show-secrets. */
import { plaintextAuth } from '../../../src/analyze/rules/plaintext-auth.js';
import { R1, R2, Scenario, type RouterSpec } from '../../support/scenario.js';
import { metaTest, ruleTester, VRID51 } from './rule-tester.js';

metaTest(plaintextAuth, 'plaintext-auth', 'warning', {});

function failover(a: Partial<RouterSpec>, b: Partial<RouterSpec> = a): Scenario {
  const s = new Scenario();
  s.every(0, 10, 1, { ...R1, ...a });
  s.every(13.61, 19.61, 1, { ...R2, ...b });
  return s;
}

/** What the messages say about both routers using one password. */
const BOTH = { routers: `${R1.address}, ${R2.address}`, verb: 'authenticate', group: VRID51 };

ruleTester(plaintextAuth, {
  valid: [
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
          messageId: 'maskedPassword',
          data: { ...BOTH, mask: '********' },
          secrets: ['vrrp-pw'],
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
          messageId: 'password',
          data: { ...BOTH, password: 'vrrp-pw' },
        },
      ],
    },
    {
      name: 'different passwords: one finding per password',
      scenario: () => failover({ authType: 1, authData: 'pw-one' }, { authType: 1, authData: 'pw-two' }),
      findings: [
        {
          routers: [R1.address],
          addresses: [],
          from: 0,
          to: 10,
          frameCount: 11,
          messageId: 'maskedPassword',
          data: { routers: R1.address, verb: 'authenticates', group: VRID51, mask: '********' },
          secrets: ['pw-one', 'pw-two'],
        },
        {
          routers: [R2.address],
          addresses: [],
          from: 13.61,
          to: 19.61,
          frameCount: 7,
          messageId: 'maskedPassword',
          data: { routers: R2.address, verb: 'authenticates', group: VRID51, mask: '********' },
          secrets: ['pw-one', 'pw-two'],
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
          messageId: 'maskedPassword',
          data: { ...BOTH, mask: '(empty)' },
        },
      ],
    },
    {
      name: 'a one-character password is not shown in full by the mask',
      // A mask that keeps the first character would show "7" whole.
      scenario: () => failover({ authType: 1, authData: '7' }),
      findings: [
        {
          routers: [R1.address, R2.address],
          addresses: [],
          from: 0,
          to: 19.61,
          frameCount: 18,
          messageId: 'maskedPassword',
          data: { ...BOTH, mask: '********' },
          secrets: ['7'],
        },
      ],
    },
  ],
});
