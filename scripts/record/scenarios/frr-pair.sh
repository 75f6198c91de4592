# shellcheck shell=bash disable=SC2034
SUMMARY="FRR vrrpd VRRPv3 pair (virtual MAC 00:00:5e:00:01:33, macvlan); SIGKILL r1; r2 takes over; 4 ARP replies for the VIP afterwards."
VERDICT="r1 until {A:sigkill-r1}; r2 from {T:r2:MASTER} (crash); 1 GARP per takeover; stale VIP on dead r1 (duplicate ARP replies)."
DESCRIPTION="FRR 8.4 vrrpd pair, VRRPv3 over IPv4, VRID 51, advertisement-interval 1000 ms: r1 priority 150, r2 priority 100. Each router has a macvlan vrrp4-51 with the virtual MAC 00:00:5e:00:01:33 holding the VIP 10.99.0.100 (vrrpd keeps it protodown while backup). r1 is master; vrrpd and zebra on r1 are SIGKILLed and r2 takes over. Then a host asks for the VIP: r1's macvlan is still up (nobody set it protodown) and both routers answer, each from its macvlan (virtual MAC) and from eth0 (physical MAC)."
IMPLEMENTATION="frr 8.4"
NEEDS="frr arping"
EXPECT="FRR sends its adverts and its gratuitous ARP from the virtual MAC 00:00:5e:00:01:33, so the Ethernet source does not tell the routers apart: the IP source does (10.99.0.1 = r1, 10.99.0.2 = r2). r1 (priority 150) is master from {T:r1:MASTER}: VRRPv3 adverts every second (max advert interval 100 cs, checksum with the IPv4 pseudo-header), and ONE gratuitous ARP for 10.99.0.100 right after its first advert (FRR sends one per takeover, not a burst). At {A:sigkill-r1} vrrpd and zebra on r1 are SIGKILLed (no priority-0 advert). r2 (priority 100) becomes master at {T:r2:MASTER}, {dt:A:sigkill-r1,T:r2:MASTER} after the kill (Master_Down_Interval 3*100 + (256-100)*100/256 = 360.9 cs after r1's last advert), and sends one GARP, from the same virtual MAC. Failover r1 -> r2, cause: master crash. At {A:arp-h1} host h1 asks who-has 10.99.0.100 and gets FOUR replies: 00:00:5e:00:01:33 twice (the macvlans of r2 and of the dead r1, left up because nobody set it protodown), and the physical MACs 02:99:00:00:00:02 and 02:99:00:00:00:01 (eth0 of each router: Linux answers ARP for any local address on any interface by default, arp_ignore=0, and FRR does not change that). So after the crash the VIP is still claimed by r1, a router that no longer advertises: a stale VIP. The analyzer should report the failover and the conflicting ARP replies for the VIP."
setup() {
  add_router r1; add_router r2; add_host h1
  frr_vrrp r1 51 150 10.99.0.100
  frr_vrrp r2 51 100 10.99.0.100
}
run() {
  start_frr r1
  start_frr r2
  sleep 8
  kill_router r1
  sleep 8
  host_arp_request h1 10.99.0.100 1
  sleep 2
}
