# shellcheck shell=bash disable=SC2034
SUMMARY="Two clusters (r1/r2 VIP .100, r3/r4 VIP .200) on the same VRID 51."
VERDICT="VRID 51 collision: masters r1 and r3 with different VIP lists for the whole capture; backups flash to master ({TT:r2:MASTER} r2; {TT:r4:MASTER} r4)."
DESCRIPTION="Two independent keepalived clusters on one segment use the SAME VRID 51 (VRRPv2, advert_int 1 s): r1 (150) / r2 (100) protect VIP A 10.99.0.100, r3 (140) / r4 (90) protect VIP B 10.99.0.200. Each router receives the other cluster's adverts with a different address list."
EXPECT="Two masters advertise VRID 51 with different address lists for the whole capture: r1 (10.99.0.1, priority 150, VIP 10.99.0.100) from {T:r1:MASTER} and r3 (10.99.0.3, priority 140, VIP 10.99.0.200) from {T:r3:MASTER}. This is a VRID collision between two clusters (misconfiguration), not a split brain: the adverts carry different VIPs. Every router discards the other cluster's adverts (keepalived: 'ip address associated with VRID 51 not present in MASTER advert'), but keepalived re-arms its timers on every advert for its VRID, even discarded ones. Consequences on the wire: the two masters share roughly one advert per second between them, so each master's own adverts are irregular (r1 sent {NADV:r1}, r3 sent {NADV:r3}); and the backups flash to MASTER and straight back to BACKUP whenever their own master's advert comes late, each time sending one advert and 5 GARPs: r2 at {TT:r2:MASTER}, r4 at {TT:r4:MASTER}. The analyzer should report the VRID 51 collision (two address lists, 10.99.0.100 vs 10.99.0.200) and the short spurious masterships of r2 and r4."
setup() {
  add_router r1; add_router r2; add_router r3; add_router r4
  ka_instance r1 VI_A vrid=51 prio=150 vips=10.99.0.100/24
  ka_instance r2 VI_A vrid=51 prio=100 vips=10.99.0.100/24
  ka_instance r3 VI_B vrid=51 prio=140 vips=10.99.0.200/24
  ka_instance r4 VI_B vrid=51 prio=90 vips=10.99.0.200/24
}
run() {
  start_keepalived r1
  start_keepalived r2
  start_keepalived r3
  start_keepalived r4
  sleep 22
}
