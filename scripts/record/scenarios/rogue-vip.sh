# shellcheck shell=bash disable=SC2034
SUMMARY="r1 master; a non-VRRP host h1 claims the VIP with gratuitous ARPs; h2's ARP request gets 2 replies."
VERDICT="r1 the only VRRP master; rogue VIP owner 02:99:00:00:00:11 (h1) from {A:garp-h1}."
DESCRIPTION="keepalived pair (r1 priority 150, r2 priority 100, VRID 51, VRRPv2) with r1 master of VIP 10.99.0.100. A plain host h1 (no VRRP) configures 10.99.0.100 on its interface and announces it with gratuitous ARPs (arping -U); then host h2 asks who-has 10.99.0.100 and gets answers from both r1 and h1."
NEEDS="arping"
EXPECT="r1 is the only VRRP master for VRID 51 from {T:r1:MASTER} to the end (r2 stays backup, no failover). At {A:add-h1} host h1 (10.99.0.11, 02:99:00:00:00:11), which speaks no VRRP, configures the VIP 10.99.0.100, and at {A:garp-h1} sends gratuitous ARPs claiming 10.99.0.100 (sender IP = target IP = VIP) from its MAC. At {A:arp-h2} host h2 (10.99.0.12) asks who-has 10.99.0.100 and gets two replies: from r1 (02:99:00:00:00:01, the VRRP master) and from h1 (02:99:00:00:00:11, a MAC that never sent an advert). The analyzer should flag h1 as a rogue/conflicting owner of the VIP (address conflict) from {A:garp-h1}; r1's GARPs 5 s after its takeover are before the conflict."
setup() {
  add_router r1; add_router r2; add_host h1; add_host h2
  ka_instance r1 VI_1 vrid=51 prio=150 vips=10.99.0.100/24
  ka_instance r2 VI_1 vrid=51 prio=100 vips=10.99.0.100/24
}
run() {
  start_keepalived r1
  start_keepalived r2
  sleep 10
  action "add 10.99.0.100/32 on h1 (rogue, no VRRP)"
  ns_exec h1 ip addr add 10.99.0.100/32 dev eth0
  sleep 1
  action "garp from h1: arping -U -c 2 10.99.0.100 (gratuitous ARP claiming the VIP)"
  ns_exec h1 arping -U -c 2 -I eth0 10.99.0.100 2>&1 | ts_pipe h1
  sleep 1
  host_arp_request h2 10.99.0.100 1
  sleep 3
}
