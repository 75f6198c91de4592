# shellcheck shell=bash disable=SC2034
SUMMARY="VRRP blocked both ways for ~4.5 s: r2 becomes master briefly (GARPs), then hears r1 again and yields; r2 -> r1 stays blocked 3 s longer, so r1 never re-announces the VIP."
VERDICT="r1 master throughout; r2 also master from {T:r2:MASTER} to {T:r2:BACKUP:2} (transient); hosts are left with r2's MAC for the VIP: r1 sends no GARP after r2 yields."
DESCRIPTION="keepalived pair (r1 priority 150, r2 priority 100, VRID 51, VRRPv2, advert_int 1 s). While r1 is master (after its second GARP burst), VRRP between r1 and r2 is dropped in the bridge in both directions (forward path: the capture sees everything, and the GARPs are not VRRP, so they reach every port). r2 times out, becomes master and sends its GARPs for the VIP. Then VRRP from r1 to r2 is let through again: r2 hears r1's higher priority and yields. VRRP from r2 to r1 stays blocked 3 s longer, so r1 never hears r2's adverts and has no reason to re-announce: the last gratuitous ARPs on the segment are r2's, although r1 is the master."
EXPECT="r1 is master from {T:r1:MASTER} (5 GARPs at once, 5 more 5 s later). At {A:block} VRRP between r1 and r2 is blocked both ways. r2 becomes master at {T:r2:MASTER} ({dt:A:block,T:r2:MASTER} after the block, Master_Down_Interval 3.61 s after r1's last advert that reached it) and sends 5 GARPs for 10.99.0.100 from 02:99:00:00:00:02: every host that hears them now sends the VIP's traffic to r2. r1 keeps advertising every second (it hears nothing from r2). At {A:unblock-r1-r2} VRRP from r1 to r2 flows again: r2 hears r1's next priority-150 advert and returns to BACKUP at {T:r2:BACKUP:2}, {dt:T:r2:MASTER,T:r2:BACKUP:2} after becoming master (a transient master). VRRP from r2 to r1 is still blocked until {A:unblock-r2-r1}, so r1 never hears r2's lower-priority adverts and does not answer with its 'forcing new election' advert and GARP burst; its garp_master_delay burst was long before and garp_master_refresh is off by default. So r1 sends no GARP after r2 yields: hosts keep r2's MAC for the VIP until their ARP entries expire (stale ARP). r2's own delayed GARP burst, due 5 s after it became master, is cancelled when it leaves MASTER. Masters: r1 throughout; r2 also from {T:r2:MASTER} to {T:r2:BACKUP:2}."
setup() {
  add_router r1; add_router r2
  ka_instance r1 VI_1 vrid=51 prio=150 vips=10.99.0.100/24
  ka_instance r2 VI_1 vrid=51 prio=100 vips=10.99.0.100/24
}
run() {
  start_keepalived r1
  start_keepalived r2
  sleep 10
  block_vrrp_between r1 r2
  sleep 4.5
  unblock_vrrp_from r1 r2
  sleep 3
  unblock_vrrp_from r2 r1
  sleep 7
}
