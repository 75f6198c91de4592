# shellcheck shell=bash disable=SC2034
SUMMARY="VRRP blocked between r1 and r2 in the bridge twice, ~8 s each, 10 s apart: two split brains of one pair."
VERDICT="r1 master throughout; split brain from {T:r2:MASTER} to {T:r2:BACKUP:2}, and again from {T:r2:MASTER:2} to {T:r2:BACKUP:3}."
DESCRIPTION="keepalived pair (r1 priority 150, r2 priority 100, VRID 51, VRRPv2, advert_int 1 s). While r1 is master, nftables in the bridge drops VRRP between r1 and r2 for ~8 s, lets it through for ~10 s, then drops it again for ~8 s (a flapping link between the two: the capture still sees every advert). r2 becomes master each time it stops hearing r1 and goes back to BACKUP each time it hears r1 again: two split brains, each with its own start and end, and nothing between them but r1 as the only master."
EXPECT="r1 is master from {T:r1:MASTER}. At {A:block} VRRP between r1 and r2 is blocked in the bridge; r2 becomes master at {T:r2:MASTER} (Master_Down_Interval, 3.61 s, after the last advert of r1 that reached it): split brain until {A:unblock}, when r2 hears r1 again and goes back to BACKUP at {T:r2:BACKUP:2}. At {A:block-2} the link is cut again: r2 becomes master again at {T:r2:MASTER:2}, the second split brain, until {A:unblock-2} and r2's BACKUP at {T:r2:BACKUP:3}. Between the two, r1 is the only master. The history must show two split brains (a split-brain transition to r2 and a split-brain-end from r2 each time), and the time both acted as master is the two episodes' (about 8 s), not the span from the first start to the second end."
setup() {
  add_router r1; add_router r2
  ka_instance r1 VI_1 vrid=51 prio=150 vips=10.99.0.100/24
  ka_instance r2 VI_1 vrid=51 prio=100 vips=10.99.0.100/24
}
run() {
  start_keepalived r1
  start_keepalived r2
  sleep 6
  block_vrrp_between r1 r2
  sleep 8
  unblock_all "VRRP between r1 and r2 flows again"
  sleep 10
  block_vrrp_between r1 r2
  sleep 8
  unblock_all "VRRP between r1 and r2 flows again"
  sleep 6
}
