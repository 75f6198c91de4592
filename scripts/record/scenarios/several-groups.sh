# shellcheck shell=bash disable=SC2034
SUMMARY="VRIDs 51 and 52 on one pair with opposite masters; SIGKILL r1: r2 masters both."
VERDICT="VRID 51: r1, then r2 from {T:r2/VI_51:MASTER} (crash). VRID 52: r1 briefly at startup, r2 from {T:r2/VI_52:MASTER}."
DESCRIPTION="One keepalived pair running two VRRP groups (VRRPv2, advert_int 1 s) with opposite masters: VRID 51 (VIP 10.99.0.100) r1 priority 150 / r2 100; VRID 52 (VIP 10.99.0.101) r1 priority 100 / r2 150. r1 is started 1 s before r2, so at first r1 becomes master of both groups and r2 then preempts VRID 52. Then r1 is SIGKILLed and r2 becomes master of both."
EXPECT="Two independent groups on the same pair. VRID 51: r1 master from {T:r1/VI_51:MASTER} (priority 150, GARPs for 10.99.0.100 from 02:99:00:00:00:01). VRID 52: r1 (started 1 s earlier, priority 100) is master at first from {T:r1/VI_52:MASTER}; r2 (priority 150), which ignores the lower-priority adverts, takes over when its own Master_Down timer expires at {T:r2/VI_52:MASTER} (GARPs for 10.99.0.101 from 02:99:00:00:00:02) and r1 steps back to BACKUP at {T:r1/VI_52:BACKUP:2} (startup preemption, not a failure). At {A:sigkill-r1} r1's keepalived is SIGKILLed: VRID 51's adverts stop and r2 becomes master of VRID 51 at {T:r2/VI_51:MASTER} ({dt:A:sigkill-r1,T:r2/VI_51:MASTER} after the kill), sending GARPs for 10.99.0.100. VRID 52 is not affected (r2 stays master). From then on r2 advertises both VRIDs. Failovers: VRID 52 r1 -> r2 at startup (preemption), VRID 51 r1 -> r2 at {T:r2/VI_51:MASTER} (cause: crash)."
setup() {
  add_router r1; add_router r2
  ka_instance r1 VI_51 vrid=51 prio=150 vips=10.99.0.100/24
  ka_instance r1 VI_52 vrid=52 prio=100 vips=10.99.0.101/24
  ka_instance r2 VI_51 vrid=51 prio=100 vips=10.99.0.100/24
  ka_instance r2 VI_52 vrid=52 prio=150 vips=10.99.0.101/24
}
run() {
  start_keepalived r1
  sleep 1
  start_keepalived r2
  sleep 7
  kill_router r1
  sleep 10
}
