# shellcheck shell=bash disable=SC2034
NEEDS="arping"
SUMMARY="r1 VIP .100, r2 VIPs .100+.101 (v2): both master; r2 advertises sporadically."
VERDICT="Address list mismatch; dual master from {T:r2:MASTER} to the end."
DESCRIPTION="keepalived pair, VRRPv2, VRID 51, with different virtual_ipaddress lists: r1 (priority 150) has 10.99.0.100, r2 (priority 100) has 10.99.0.100 and 10.99.0.101. Host h1 asks for the VIP near the end."
EXPECT="r1 becomes master at {T:r1:MASTER}, advertising one address (10.99.0.100) every second. r2 discards r1's adverts (keepalived: 'received an unexpected ip number count 1, expected 2') and becomes master too at {T:r2:MASTER}; r1 likewise discards r2's adverts (count 2, expected 1). Both hold 10.99.0.100 from {T:r2:MASTER} to the end: dual master caused by a virtual address list mismatch (configuration error). r2 advertises only now and then ({NADV:r2} adverts, at {ADV:r2}, listing 10.99.0.100 and 10.99.0.101) because keepalived re-arms its advert timer on every advert it receives for its VRID, even discarded ones; r2's GARP bursts (for 10.99.0.100 and 10.99.0.101, from 02:99:00:00:00:02) and the two replies to h1's request for 10.99.0.100 at {A:arp-h1} (from 02:99:00:00:00:01 and 02:99:00:00:00:02) show that r2 is master too. The analyzer should flag the address list mismatch for VRID 51 between 10.99.0.1 and 10.99.0.2 and the dual master."
setup() {
  add_router r1; add_router r2; add_host h1
  ka_instance r1 VI_1 vrid=51 prio=150 vips=10.99.0.100/24
  ka_instance r2 VI_1 vrid=51 prio=100 "vips=10.99.0.100/24;10.99.0.101/24"
}
run() {
  start_keepalived r1
  start_keepalived r2
  sleep 15
  host_arp_request h1 10.99.0.100 1
  sleep 2
}
