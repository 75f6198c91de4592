# shellcheck shell=bash disable=SC2034
NEEDS="arping"
SUMMARY="r1 advert_int 1 s, r2 advert_int 3 s (v2): both master; r2 sends a single advert."
VERDICT="Advert interval mismatch; dual master from {T:r2:MASTER} to the end (seen mostly through r2's GARPs and 2 ARP replies)."
DESCRIPTION="keepalived pair, VRRPv2, VRID 51, with mismatched advert_int: r1 priority 150 advert_int 1 s, r2 priority 100 advert_int 3 s. VRRPv2 receivers discard adverts whose interval differs from their own, so neither accepts the other. Host h1 asks for the VIP near the end."
EXPECT="r1 becomes master at {T:r1:MASTER} and advertises every 1 s (priority 150, interval 1). r2 logs every advert of r1 as an advertisement interval mismatch and discards it; its Master_Down timer expires and it becomes master too at {T:r2:MASTER}: from then on BOTH routers hold the VIP 10.99.0.100 (dual master, cause: advert interval mismatch, a configuration error; no failure, no blocked path). On the wire r2's mastership is almost invisible: r2 sent {NADV:r2} advert(s) (interval 3, priority 100) at {ADV:r2}, because keepalived re-arms its advert timer whenever it receives an advert for its VRID, even one it discards, and r1's arrive every second, before r2's 3 s timer fires. What does show it: r2's GARP bursts for 10.99.0.100 from 02:99:00:00:00:02 at {T:r2:MASTER} and 5 s later, and at {A:arp-h1} host h1's request for 10.99.0.100 answered by both 02:99:00:00:00:01 and 02:99:00:00:00:02. The analyzer should report the interval mismatch (1 s vs 3 s for VRID 51) and the dual master from {T:r2:MASTER} to the end."
setup() {
  add_router r1; add_router r2; add_host h1
  ka_instance r1 VI_1 vrid=51 prio=150 int=1 vips=10.99.0.100/24
  ka_instance r2 VI_1 vrid=51 prio=100 int=3 vips=10.99.0.100/24
}
run() {
  start_keepalived r1
  start_keepalived r2
  sleep 16
  host_arp_request h1 10.99.0.100 1
  sleep 2
}
