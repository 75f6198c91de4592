/** Every finding rule, in the order they are documented. */
import type { Rule } from '../rule.js';
import { arpConflict } from './arp-conflict.js';
import { configMismatch } from './config-mismatch.js';
import { duplicateMaster } from './duplicate-master.js';
import { flapping } from './flapping.js';
import { invalidChecksum } from './invalid-checksum.js';
import { invalidTtl } from './invalid-ttl.js';
import { malformedPacket } from './malformed-packet.js';
import { masterRelease } from './master-release.js';
import { missingGratuitousArp } from './missing-gratuitous-arp.js';
import { mixedChecksum } from './mixed-checksum.js';
import { noMaster } from './no-master.js';
import { plaintextAuth } from './plaintext-auth.js';
import { priorityConflict } from './priority-conflict.js';
import { slowFailover } from './slow-failover.js';
import { staleArpRisk } from './stale-arp-risk.js';
import { ineffectiveTracking } from './ineffective-tracking.js';
import { unicastVrrp } from './unicast-vrrp.js';
import { vridCollision } from './vrid-collision.js';

export const RULES: readonly Rule[] = [
  duplicateMaster,
  noMaster,
  priorityConflict,
  missingGratuitousArp,
  vridCollision,
  configMismatch,
  arpConflict,
  flapping,
  slowFailover,
  ineffectiveTracking,
  staleArpRisk,
  masterRelease,
  invalidTtl,
  invalidChecksum,
  mixedChecksum,
  plaintextAuth,
  unicastVrrp,
  malformedPacket,
];
