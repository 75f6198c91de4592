# shellcheck shell=bash disable=SC2034
SUMMARY="Unicast VRRP (unicast_peer); SIGKILL r1: r2's adverts to r1 draw ICMP protocol unreachable; r1 restarted, preempts."
VERDICT="r1; r2 from {T:r2:MASTER} (crash); r1 from {T:r1:MASTER:2} (preemption); ICMP-quoted adverts are not adverts."
DESCRIPTION="keepalived pair in unicast mode (VRRPv2, VRID 51): r1 (priority 150) unicast_src_ip 10.99.0.1 unicast_peer 10.99.0.2 and the reverse on r2 (priority 100). Adverts go to the peer's unicast IP and MAC. r1 is SIGKILLed: r2 takes over and keeps sending unicast adverts to 10.99.0.1, whose kernel (address still up, daemon gone) answers each with ICMP protocol unreachable quoting the advert. Then r1 is restarted and preempts."
EXPECT="r1 is master from {T:r1:MASTER}: VRRPv2 adverts from 10.99.0.1 to 10.99.0.2 (unicast, destination MAC 02:99:00:00:00:02, TTL 255), one per second, plus GARPs for 10.99.0.100. At {A:sigkill-r1} r1's keepalived is SIGKILLed. r2 becomes master at {T:r2:MASTER} ({dt:A:sigkill-r1,T:r2:MASTER} after the kill) and sends unicast adverts to 10.99.0.1 (it learned r1's MAC from r1's ARP request at startup; later it re-checks it with a unicast ARP request). r1's kernel has no VRRP socket any more and answers each advert with ICMP destination unreachable, protocol unreachable (type 3 code 2) from 10.99.0.1 to 10.99.0.2, quoting the advert: these quoted adverts are NOT adverts and must not count as r2 or r1 advertising. At {A:start-r1-2} keepalived is restarted on r1: the ICMP errors stop, r1 enters BACKUP, and preempts at {T:r1:MASTER:2}; r2 returns to BACKUP at {T:r2:BACKUP:2}. Masters: r1, then r2 from {T:r2:MASTER} (cause: crash of r1), then r1 again from {T:r1:MASTER:2} (cause: preemption)."
setup() {
  add_router r1; add_router r2
  ka_instance r1 VI_1 vrid=51 prio=150 unicast_src=10.99.0.1 unicast_peers=10.99.0.2 vips=10.99.0.100/24
  ka_instance r2 VI_1 vrid=51 prio=100 unicast_src=10.99.0.2 unicast_peers=10.99.0.1 vips=10.99.0.100/24
}
run() {
  start_keepalived r1
  start_keepalived r2
  sleep 6
  kill_router r1
  sleep 10
  start_keepalived r1
  sleep 8
}
