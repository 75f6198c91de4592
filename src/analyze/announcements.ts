/**
 * The latest announcements (gratuitous ARP, unsolicited NA) on every segment, kept a little while:
 * a takeover may announce before it advertises (FRR sends its IPv6 NA the moment it becomes master,
 * its first IPv6 advert one interval later), and its first announcement is then where the
 * takeover starts (Election.startPeriod). A ring of ANNOUNCEMENTS_KEPT entries: a burst of forty
 * groups' GARPs fits, a storm is cut, and nothing is allocated once it is full.
 */
import type { Family, FrameRef } from '../report/types.js';

export interface Announcement {
  segment: string;
  family: Family;
  address: string;
  mac: string;
  time: number;
  frame: FrameRef;
}

const ANNOUNCEMENTS_KEPT = 256;

export class RecentAnnouncements {
  private readonly ring: Announcement[] = [];
  /** Where the oldest entry is, once the ring is full. */
  private next = 0;

  add(segment: string, family: Family, address: string, mac: string, t: number, frame: FrameRef): void {
    const a = this.ring;
    if (a.length < ANNOUNCEMENTS_KEPT) a.push({ segment, family, address, mac, time: t, frame });
    else {
      // Full: the oldest entry is overwritten in place (no shift, no new object).
      const x = a[this.next];
      this.next = (this.next + 1) % ANNOUNCEMENTS_KEPT;
      x.segment = segment;
      x.family = family;
      x.address = address;
      x.mac = mac;
      x.time = t;
      x.frame = frame;
    }
  }

  /**
   * The earliest announcement from `mac` on `segment` and `family`, at or after `earliest` and
   * before `before`, of an address `ours` accepts.
   */
  earliest(
    earliest: number,
    before: number,
    mac: string,
    segment: string,
    family: Family,
    ours: (address: string) => boolean,
  ): Announcement | undefined {
    let found: Announcement | undefined;
    const ring = this.ring;
    for (let k = ring.length - 1; k >= 0; k--) {
      const a = ring[(this.next + k) % ring.length];
      if (a.time < earliest) break;
      if (a.time >= before || a.mac !== mac || a.segment !== segment || a.family !== family) continue;
      if (ours(a.address)) found = a;
    }
    return found;
  }
}
