# shellcheck shell=bash disable=SC2034
SUMMARY="FRR vrrpd VRRPv3 dual stack: VRID 51 for IPv4 (10.99.0.100) and IPv6 (fd00:99::100); SIGKILL r1: r2 takes over both; the IPv6 NA comes one interval before the first IPv6 advert."
VERDICT="IPv4 and IPv6 VRID 51: r1 until {A:sigkill-r1}; r2 from {T:r2/vrid51:MASTER} (IPv4) and {T:r2/vrid51-v6:MASTER} (IPv6), cause: crash."
DESCRIPTION="FRR 8.4 vrrpd pair, VRRPv3, VRID 51 in both address families: IPv4 VIP 10.99.0.100 (macvlan vrrp4-51, MAC 00:00:5e:00:01:33) and IPv6 VIP fd00:99::100 (macvlan vrrp6-51, MAC 00:00:5e:00:02:33), advertisement-interval 1000 ms, r1 priority 150, r2 priority 100. IPv6 adverts go to ff02::12. r1 is master of both; vrrpd and zebra on r1 are SIGKILLed and r2 takes over both."
IMPLEMENTATION="frr 8.4"
NEEDS="frr"
EXPECT="Two VRRP groups with the same VRID 51, one per address family (they are different groups: IPv4 and IPv6 VRRP are separate). r1 is master of the IPv4 group from {T:r1/vrid51:MASTER} (adverts and one GARP from 00:00:5e:00:01:33) and of the IPv6 group from {T:r1/vrid51-v6:MASTER} (adverts to ff02::12 and one unsolicited NA for fd00:99::100 from 00:00:5e:00:02:33). IPv6 adverts (78 bytes) come from the link-local of r1's vrrp6 macvlan, fe80::5e:33:1 (r2: fe80::5e:33:2), not from eth0's; the NA (flags R=1 O=1) comes from the VIP itself. FRR sends the IPv6 NA the moment it becomes master, but its first IPv6 advert only one advertisement interval later. While master, zebra also sends an IPv6 Router Advertisement about every second from the same macvlan (FRR enables RAs on the vrrp6 interface of the master). At {A:sigkill-r1} vrrpd and zebra on r1 are SIGKILLed (no priority-0 advert). r2 becomes master of IPv4 VRID 51 at {T:r2/vrid51:MASTER} and of IPv6 VRID 51 at {T:r2/vrid51-v6:MASTER} (each 3.60 s after r1's last advert in that family), with one GARP and one NA, the NA again about one interval before its first IPv6 advert. Two failovers r1 -> r2, one per family, cause: master crash."
setup() {
  add_router r1 ipv6; add_router r2 ipv6
  frr_vrrp r1 51 150 10.99.0.100
  frr_vrrp r1 51 150 fd00:99::100
  frr_vrrp r2 51 100 10.99.0.100
  frr_vrrp r2 51 100 fd00:99::100
}
run() {
  start_frr r1
  # r2 starts 2 s later: FRR sends its first IPv6 advert one interval after becoming master, so a
  # peer started less than ~0.8 s after r1 times out too and is briefly IPv6 master itself (seen)
  sleep 2
  start_frr r2
  sleep 7
  kill_router r1
  sleep 8
}
