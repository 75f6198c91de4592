# shellcheck shell=bash disable=SC2034
SUMMARY="VRRP blocked between r1 and r2 in the bridge for ~10 s; both advertise; a host gets 2 ARP replies for the VIP."
VERDICT="r1 master throughout; split brain (r1 and r2 both master) from {T:r2:MASTER} to {T:r2:BACKUP:2}."
DESCRIPTION="keepalived pair (r1 priority 150, r2 priority 100, VRID 51, VRRPv2, advert_int 1 s). While r1 is master, nftables in the bridge drops VRRP (IP protocol 112) between r1 and r2 for ~10 s (in the forward path: the capture still sees every advert). r2 stops hearing r1 and becomes master too: split brain. A host h1 asks for the VIP during the split and gets an answer from both. Then the rule is removed and r2 yields."
NEEDS="arping"
EXPECT="r1 is master from {T:r1:MASTER}. At {A:block} VRRP between r1 and r2 is blocked in the bridge (the capture still sees all adverts, and hosts still see both routers). r2 becomes master at {T:r2:MASTER} (Master_Down_Interval, 3.61 s, after the last advert of r1 that reached it; {dt:A:block,T:r2:MASTER} after the block) and sends its own GARPs for 10.99.0.100: from then on BOTH r1 (priority 150) and r2 (priority 100) advertise VRID 51 every second: split brain / dual master from {T:r2:MASTER} until r2 steps down at {T:r2:BACKUP:2}. The VIP's MAC is ambiguous: at {A:arp-h1} host h1 (10.99.0.11) asks who-has 10.99.0.100 and gets two replies, from 02:99:00:00:00:01 and 02:99:00:00:00:02. At {A:unblock} the rule is removed: r2 hears r1's higher-priority advert and goes back to BACKUP at {T:r2:BACKUP:2}; r1 (a master hearing a lower-priority advert) sends another GARP burst right away. The cause is not a router failure: both routers stayed up, the VRRP path between them was cut."
setup() {
  add_router r1; add_router r2; add_host h1
  ka_instance r1 VI_1 vrid=51 prio=150 vips=10.99.0.100/24
  ka_instance r2 VI_1 vrid=51 prio=100 vips=10.99.0.100/24
}
run() {
  start_keepalived r1
  start_keepalived r2
  sleep 6
  block_vrrp_between r1 r2
  sleep 6
  host_arp_request h1 10.99.0.100 1
  sleep 4
  unblock_all "VRRP between r1 and r2 flows again"
  sleep 8
}
