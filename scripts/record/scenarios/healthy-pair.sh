# shellcheck shell=bash disable=SC2034
SUMMARY="r1 (150) master, r2 (100) silent backup, 10 s steady."
VERDICT="r1 master from {T:r1:MASTER} to the end; no failover, no fault."
DESCRIPTION="Healthy keepalived pair: r1 priority 150 and r2 priority 100 share one VIP (VRID 51, VRRPv2, advert_int 1 s). Both start as BACKUP; r1 becomes master after its Master_Down_Interval and stays master; r2 stays a silent backup."
EXPECT="r1 (10.99.0.1, 02:99:00:00:00:01) is the only master from {T:r1:MASTER} to the end of the capture: one VRRPv2 advert per second for VRID 51, priority 150, VIP 10.99.0.100, plus a burst of 5 gratuitous ARPs for 10.99.0.100 from r1's MAC right after its first advert and another 5 GARPs 5 s later (keepalived's garp_master_delay). r2 (priority 100) never advertises: it is a healthy backup. No failover, no fault, no missing GARP."
setup() {
  add_router r1; add_router r2
  ka_instance r1 VI_1 vrid=51 prio=150 vips=10.99.0.100/24
  ka_instance r2 VI_1 vrid=51 prio=100 vips=10.99.0.100/24
}
run() {
  start_keepalived r1
  start_keepalived r2
  sleep 14
}
