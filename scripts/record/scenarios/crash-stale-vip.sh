# shellcheck shell=bash disable=SC2034
SUMMARY="SIGKILL r1 (VIP stays on its interface); r2 takes over; a host's ARP requests for the VIP get replies from both."
VERDICT="r1 until {A:sigkill-r1}; r2 from {T:r2:MASTER} (crash); stale VIP: r1's MAC still answers for the VIP."
DESCRIPTION="keepalived pair (r1 priority 150, r2 priority 100, VRID 51, VRRPv2) and a host h1. r1's keepalived is SIGKILLed: the VIP stays configured on r1's interface, so after r2 takes over, r1's kernel still answers ARP for the VIP. h1 asks who-has 10.99.0.100 and gets two answers."
NEEDS="arping"
EXPECT="r1 is master from {T:r1:MASTER}. At {A:sigkill-r1} keepalived on r1 is SIGKILLed: it cannot remove the VIP 10.99.0.100 from r1's eth0. r2 becomes master at {T:r2:MASTER} ({dt:A:sigkill-r1,T:r2:MASTER} after the kill) and sends GARPs. At {A:arp-h1} host h1 (10.99.0.11) asks who-has 10.99.0.100 (2 requests, 1 s apart) and each request gets TWO replies: from r2 (02:99:00:00:00:02, the master) and from r1 (02:99:00:00:00:01, the crashed former master, which sends no adverts). The analyzer should report the failover r1 -> r2 (cause: crash) and a stale VIP: a MAC that is not the current master still answers for the VIP after {T:r2:MASTER}."
setup() {
  add_router r1; add_router r2; add_host h1
  ka_instance r1 VI_1 vrid=51 prio=150 vips=10.99.0.100/24
  ka_instance r2 VI_1 vrid=51 prio=100 vips=10.99.0.100/24
}
run() {
  start_keepalived r1
  start_keepalived r2
  sleep 6
  kill_router r1
  sleep 7
  host_arp_request h1 10.99.0.100 2
  sleep 3
}
