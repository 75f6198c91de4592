# shellcheck shell=bash disable=SC2034
SUMMARY="VRRPv3 over IPv6 (VIPs fe80::100, fd00:99::100); SIGKILL r1; unsolicited NAs."
VERDICT="r1 (fe80::99:ff:fe00:1) until {A:sigkill-r1}; r2 (fe80::99:ff:fe00:2) from {T:r2:MASTER}, cause: crash; NAs from each new master."
DESCRIPTION="keepalived pair, VRRPv3 over IPv6, VRID 51, advert_int 1 s: r1 priority 150, r2 priority 100. The virtual addresses are the link-local fe80::100 (first, as RFC 5798 requires) and the global fd00:99::100. Adverts go from each router's link-local address to ff02::12. r1 is master; it is SIGKILLed and r2 takes over, announcing the VIPs with unsolicited Neighbor Advertisements."
EXPECT="VRRPv3/IPv6 adverts for VRID 51 listing fe80::100 and fd00:99::100. r1 (fe80::99:ff:fe00:1, 02:99:00:00:00:01, priority 150) is master from {T:r1:MASTER}: adverts to ff02::12 every second, and 5 unsolicited Neighbor Advertisements per VIP (sent from the VIP address itself to ff02::1, flags O=1 R=0 S=0, target link-layer address = r1's MAC) right away and 5 more 5 s later. At {A:sigkill-r1} r1's keepalived is SIGKILLed (no priority-0 advert). r2 (fe80::99:ff:fe00:2, priority 100) becomes master at {T:r2:MASTER}, {dt:A:sigkill-r1,T:r2:MASTER} after the kill (Master_Down_Interval 3.61 s after r1's last advert), and sends unsolicited NAs for fe80::100 and fd00:99::100 with its own MAC 02:99:00:00:00:02 as target link-layer address. One failover, r1 -> r2, cause: master crash."
setup() {
  add_router r1 ipv6; add_router r2 ipv6
  ka_instance r1 VI_6 vrid=51 prio=150 version=3 "vips=fe80::100/64;fd00:99::100/64"
  ka_instance r2 VI_6 vrid=51 prio=100 version=3 "vips=fe80::100/64;fd00:99::100/64"
}
run() {
  start_keepalived r1
  start_keepalived r2
  sleep 7
  kill_router r1
  sleep 11
}
