/**
 * arp-conflict: an IPv4 (or IPv6) address answered by more than one MAC where no failover explains
 * it. For a virtual address: answered by a MAC that is not the current master's (nor the virtual
 * MAC), e.g. a crashed router whose kernel kept the address, or a host configured with it. For any
 * other address: two MACs claiming it within `window` seconds (what arpwatch calls a flip-flop).
 */
import type { Finding } from '../../report/types.js';
import type { GroupState, RouterState } from '../model.js';
import type { ClaimEvent, LazyMessage, MessageData, Rule } from '../rule.js';
import { DEFAULT_BACKUP_PRIORITY } from '../timers.js';
import { ClaimWindow } from './claims.js';
import { FindingMap, groupName, NamedSet, seconds, virtualMac } from './util.js';

/** A virtual address answered (or announced) by the wrong MAC: the start and end of every such message. */
const CLAIM = '{{address}}, a virtual address of {{group}}, was {{claim}} by {{mac}}, ';
const WRONG_MACHINE = ': traffic for it may go to the wrong machine.';
const STALE = '{{owner}}, no longer master (its VRRP is silent but its kernel still holds the address)';
const FOREIGN = 'a MAC that never advertised for this group (a host, or a router outside it, holding the address)';

/**
 * MACs that are no router of the group, answering for one of its virtual addresses, with a finding
 * each; beyond them (a flood, a spoofing tool with random MACs), one finding counts the rest.
 */
const MAX_MAC_FINDINGS = 16;

/** Per virtual address of a group: its findings by MAC, how many are for MACs that are no router's, and the flood's past them. */
interface WrongMacs {
  /** The finding of each MAC judged to claim the address wrongly (the flood's MACs extend `flood`). */
  byMac: Map<string, Finding>;
  findings: number;
  flood: Finding | null;
  /** The flood's message (a LazyMessage, the same one at every extension). */
  message: LazyMessage | null;
  /** The MACs past the first MAX_MAC_FINDINGS. */
  macs: NamedSet;
}

/** What a judgment needs of a claim (the event object itself is the engine's, reused). */
type Claim = Pick<ClaimEvent, 'time' | 'frame' | 'address' | 'mac' | 'announcement'>;

export const arpConflict: Rule = {
  meta: {
    id: 'arp-conflict',
    defaultSeverity: 'error',
    description: 'An address answered by more than one MAC where no failover explains it.',
    options: { window: { default: 60, description: 'seconds within which two MACs claiming one address conflict' } },
    messages: {
      staleOwner: `${CLAIM}${STALE}, while {{masters}} was master${WRONG_MACHINE}`,
      staleOwnerNoMaster: `${CLAIM}${STALE}, while no router was master${WRONG_MACHINE}`,
      notVirtualMac:
        `${CLAIM}not the virtual MAC {{vmac}} this group's routers use (a router answering with its own ` +
        `interface MAC, e.g. Linux arp_ignore=0, or another host holding the address), while {{masters}} was master` +
        WRONG_MACHINE,
      foreignMac: `${CLAIM}${FOREIGN}, while {{masters}} was master${WRONG_MACHINE}`,
      foreignMacNoMaster: `${CLAIM}${FOREIGN}, while no router was master${WRONG_MACHINE}`,
      flipFlop:
        '{{address}} was claimed by {{count}} MACs ({{macs}}), the last two within {{seconds}} s of each other: ' +
        'an address conflict or ARP spoofing.',
      /** Past MAX_MAC_FINDINGS wrong MACs for one virtual address: the rest in one finding. */
      manyMacs:
        '{{address}}, a virtual address of {{group}}, was answered or announced by {{count}} more MACs ({{macs}}) ' +
        'besides the {{named}} with findings of their own: an ARP flood or spoofing tool; traffic for it may go to ' +
        'the wrong machine.',
    },
  },
  create(ctx) {
    const found = new FindingMap(ctx);
    /**
     * Last claim per segment+address: MAC, time, frame. Claims older than the window are forgotten
     * (a queue in time order says which), so a scan of a million senders costs the window's worth
     * of memory, not the capture's.
     */
    const claims = new ClaimWindow(ctx.options.window);
    /** The scope of flip-flop findings (keyed by segment and address). */
    const flipFlops = {};
    const macsOf = new Map<object, NamedSet>();
    /** Per group and virtual address: findings raised for wrong MACs, and the flood's finding past them. */
    const wrongMacs = new Map<GroupState, Map<string, WrongMacs>>();
    /** The capture's start, or the end of its latest gap: routers may not have been heard yet. */
    let heardFrom = -Infinity;
    /**
     * Claims by a MAC no router of the group has advertised from, made before every router could
     * have been heard (one Master_Down_Interval after the start or a gap): a router whose adverts
     * are still to come, or a host. Judged when that MAC advertises (not a conflict) or the time is up.
     */
    let pending: { g: GroupState; claim: Claim; masters: RouterState[]; until: number }[] = [];

    /**
     * `masters` (the group's open routers: read, not kept) and `e` (the engine's event, or a
     * pending claim's copy) are read during the call only.
     */
    const judge = (g: GroupState, e: Claim, masters: readonly RouterState[], owner: RouterState | undefined) => {
      // Looked up by group, address and MAC in turn: no key is built per claim (a GARP storm).
      let ofGroup = wrongMacs.get(g);
      if (!ofGroup) wrongMacs.set(g, (ofGroup = new Map<string, WrongMacs>()));
      let wrong = ofGroup.get(e.address);
      if (!wrong)
        ofGroup.set(
          e.address,
          (wrong = { byMac: new Map(), findings: 0, flood: null, message: null, macs: new NamedSet() }),
        );
      const f = wrong.byMac.get(e.mac);
      if (f) {
        ctx.extendFrame(f, e.time, e.frame);
        return;
      }
      // (A router of the group holding the address always gets a finding of its own.)
      if (!owner && wrong.findings >= MAX_MAC_FINDINGS) {
        const fresh = wrong.macs.add(e.mac);
        // A MAC already counted changes nothing the message says.
        if (wrong.flood && !fresh) {
          ctx.extendFrame(wrong.flood, e.time, e.frame);
          return;
        }
        if (!wrong.flood) {
          // Its message counts the MACs: made when the finding is read, from the count of then,
          // which changes only here, before the finding is extended with it again.
          const macs = wrong.macs;
          const address = e.address;
          const group = groupName(g);
          const message = () => ({
            messageId: 'manyMacs',
            data: { address, group, count: macs.size, macs: macs.toString(), named: MAX_MAC_FINDINGS },
          });
          wrong.message = message;
          wrong.flood = ctx.report({
            group: g,
            from: e.time,
            to: e.time,
            routers: masters.map((m) => m.address),
            addresses: [e.address],
            frames: [e.frame],
            ...message(),
          });
        } else ctx.extend(wrong.flood, e.time, [e.frame], wrong.message!);
        return;
      }
      if (!owner) wrong.findings++;
      const vmac = virtualMac(g);
      const data: MessageData = {
        address: e.address,
        group: groupName(g),
        claim: e.announcement ? 'announced' : 'answered',
        mac: e.mac,
      };
      if (masters.length) data.masters = masters.map((m) => `${m.address} (${m.mac})`).join(' and ');
      let messageId: string;
      if (owner) {
        messageId = masters.length ? 'staleOwner' : 'staleOwnerNoMaster';
        data.owner = owner.address;
      } else if (masters.length > 0 && masters.every((m) => m.mac === vmac)) {
        messageId = 'notVirtualMac';
        data.vmac = vmac;
      } else messageId = masters.length ? 'foreignMac' : 'foreignMacNoMaster';
      wrong.byMac.set(
        e.mac,
        ctx.report({
          group: g,
          from: e.time,
          to: e.time,
          routers: [...masters.map((m) => m.address), ...(owner ? [owner.address] : [])],
          addresses: [e.address],
          frames: [e.frame],
          messageId,
          data,
        }),
      );
    };
    const settle = (now: number) => {
      if (pending.length === 0 || pending[0].until > now) return;
      const due = pending.filter((p) => p.until <= now);
      pending = pending.filter((p) => p.until > now);
      for (const p of due) judge(p.g, p.claim, p.masters, undefined);
    };

    return {
      tick(now) {
        if (!Number.isFinite(heardFrom)) heardFrom = now;
        settle(now);
        if (pending.length) ctx.wake(pending[0].until);
      },
      gap(_from, to) {
        heardFrom = to;
      },
      advert(e) {
        if (pending.length && pending.some((p) => p.g === e.group && p.claim.mac === e.router.mac))
          pending = pending.filter((p) => !(p.g === e.group && p.claim.mac === e.router.mac));
      },
      finish() {
        settle(Infinity);
      },
      claim(e) {
        if (!Number.isFinite(heardFrom)) heardFrom = e.time;
        if (e.groups.length > 0) {
          for (const g of e.groups) {
            if (e.mac === virtualMac(g)) continue;
            // A master answering for its own address, the common case, is settled without a list.
            let byMaster = false;
            let owner: RouterState | undefined;
            for (const r of g.withMac(e.mac)) {
              owner ??= r;
              if (r.period !== null) byMaster = true;
            }
            if (byMaster) continue;
            // A router of the group announcing the address, or a second master of an ongoing split
            // brain, is duplicate-master's business; a router whose period just ended may still
            // have replies in flight.
            if (
              owner &&
              (e.announcement || e.time - owner.lastAdvert < 1 || (owner.splitWith !== null && owner.splitWith.open))
            )
              continue;
            if (!e.answer) continue;
            // Masters: routers whose master period is still open (a few missing adverts, e.g.
            // capture drops, do not end it).
            const masters = g.openRouters();
            const master = masters[0] ?? g.routers.values().next().value;
            const until = master ? heardFrom + g.masterDownInterval(DEFAULT_BACKUP_PRIORITY, master) : -Infinity;
            if (!owner && e.time < until) {
              // Judged later: a copy of the claim and of the masters of now.
              const claim: Claim = {
                time: e.time,
                frame: e.frame,
                address: e.address,
                mac: e.mac,
                announcement: e.announcement,
              };
              pending.push({ g, claim, masters: [...masters], until });
              ctx.wake(until);
            } else judge(g, e, masters, owner);
          }
          return;
        }
        // Frames that did not decode cleanly are no evidence of who owns an address.
        if (e.packet.issues.length > 0) return;
        if (!claims.add(e.segment, e.address, e.mac, e.time, e.frame) || claims.prevSameMac) return;
        const { prevMac, prevTime, prevFrame } = claims;
        // One finding per address; the MACs claiming it accumulate.
        const f = found.get(flipFlops, `${e.segment}|${e.address}`);
        let macs = f ? macsOf.get(f) : undefined;
        if (!macs) {
          macs = new NamedSet();
          macs.add(prevMac);
        }
        macs.add(e.mac);
        const message = {
          messageId: 'flipFlop',
          data: {
            address: e.address,
            count: macs.size,
            macs: macs.toString(),
            seconds: seconds(e.time - prevTime),
          },
        };
        if (f) {
          ctx.extend(f, e.time, [e.frame], message);
          return;
        }
        const created = ctx.report({
          from: prevTime,
          to: e.time,
          routers: [],
          addresses: [e.address],
          frames: [prevFrame, e.frame],
          ...message,
        });
        macsOf.set(created, macs);
        found.set(flipFlops, `${e.segment}|${e.address}`, created);
      },
    };
  },
};
