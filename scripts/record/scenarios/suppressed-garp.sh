# shellcheck shell=bash disable=SC2034
SUMMARY="ARP from r2 dropped at bridge ingress; SIGKILL r1; r2 takes over without any GARP on the wire."
VERDICT="r1 until {A:sigkill-r1}; r2 from {T:r2:MASTER} (crash); missing GARP after r2's takeover."
DESCRIPTION="keepalived pair (r1 priority 150, r2 priority 100, VRID 51, VRRPv2). nftables drops every ARP frame sent by r2 at the bridge ingress (before the capture point), then r1 is SIGKILLed: r2 becomes master and keepalived sends its gratuitous ARPs, but none of them reaches the segment (or the capture)."
EXPECT="r1 is master from {T:r1:MASTER} (adverts priority 150, GARPs from 02:99:00:00:00:01 at takeover and 5 s later). At {A:drop-arp} the bridge starts dropping all ARP from r2's MAC at ingress. At {A:sigkill-r1} r1 is SIGKILLed. r2 becomes master at {T:r2:MASTER} ({dt:A:sigkill-r1,T:r2:MASTER} after the kill) and advertises with priority 100, but NO gratuitous ARP for 10.99.0.100 from 02:99:00:00:00:02 appears in the capture (keepalived did send its two bursts of 5, see r2's log: they were dropped by the bridge). The analyzer should report a takeover by r2 at {T:r2:MASTER} without any GARP: hosts keep using r1's MAC (r1 is dead, its kernel still holds the VIP) until their ARP entries expire. One failover, r1 -> r2, cause: master crash; fault: missing gratuitous ARP after the takeover."
setup() {
  add_router r1; add_router r2
  ka_instance r1 VI_1 vrid=51 prio=150 vips=10.99.0.100/24
  ka_instance r2 VI_1 vrid=51 prio=100 vips=10.99.0.100/24
}
run() {
  start_keepalived r1
  start_keepalived r2
  sleep 6
  drop_arp_from r2
  sleep 1
  kill_router r1
  sleep 12
}
