# shellcheck shell=bash disable=SC2034
SUMMARY="VRRP from r1 to r2 dropped in the bridge for ~10 s (r2 -> r1 still flows): both master; r1 answers each r2 advert with an advert and a GARP burst."
VERDICT="r1 master throughout; r2 also master from {T:r2:MASTER} to {T:r2:BACKUP:2} (one-way block: dual master; r1 re-announces the VIP after every r2 advert)."
DESCRIPTION="keepalived pair (r1 priority 150, r2 priority 100, VRID 51, VRRPv2, advert_int 1 s). While r1 is master, nftables in the bridge drops VRRP sent by r1 on its way to r2 only (forward path: the capture still sees r1's adverts, and r2's adverts still reach r1). r2 stops hearing r1 and becomes master; r1 hears r2's lower-priority adverts and, as a master does, answers each with an advert and a burst of gratuitous ARPs to force a new election, which r2 never hears. After ~10 s the rule is removed and r2 yields."
EXPECT="r1 is master from {T:r1:MASTER}. At {A:block-r1-r2} VRRP from r1 to r2 is dropped in the bridge (r2 -> r1 still flows; the capture sees everything). r2 becomes master at {T:r2:MASTER} (Master_Down_Interval 3.61 s after the last advert of r1 that reached it, {dt:A:block-r1-r2,T:r2:MASTER} after the block) and sends its advert and 5 GARPs. From then on both advertise about once a second, and r1, which hears every r2 advert (priority 100 < 150), answers each at once with its own advert plus 5 GARPs for 10.99.0.100 ('forcing new election'), and 5 more GARPs 5 s later, which never reach r2: the VIP's MAC flips between 02:99:00:00:00:02 and 02:99:00:00:00:01 on every r2 advert. Neither daemon logs anything like a split brain: r2 simply never hears r1, and r1 stays MASTER throughout. At {A:unblock-r1-r2} the rule is removed: r2 hears r1's priority-150 advert and returns to BACKUP at {T:r2:BACKUP:2}. Dual master (split brain) from {T:r2:MASTER} to {T:r2:BACKUP:2}, caused by a one-way VRRP path, not by a router failure."
setup() {
  add_router r1; add_router r2
  ka_instance r1 VI_1 vrid=51 prio=150 vips=10.99.0.100/24
  ka_instance r2 VI_1 vrid=51 prio=100 vips=10.99.0.100/24
}
run() {
  start_keepalived r1
  start_keepalived r2
  sleep 6
  block_vrrp_from r1 r2
  sleep 10
  unblock_vrrp_from r1 r2
  sleep 7
}
