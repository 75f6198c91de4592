# shellcheck shell=bash disable=SC2034
SUMMARY="vrrp_script health check on master r1 (103, weight -2) fails: 103 -> 101, still above r2's 100: no takeover; the check recovers."
VERDICT="r2 master at startup ({T:r2:MASTER}), r1 preempts at {T:r1:MASTER}; r1's check fails at {A:service-down-r1} (priority 101 > 100): r1 stays master with its service down until the end, no failover."
DESCRIPTION="keepalived pair (VRID 51, VRRPv2, advert_int 1 s, preempt): r1 priority 103 with a vrrp_script health check 'killall -0 svc-r1' (interval 1 s, weight -2, fall 1, rise 1) watching a stand-in service process; r2 priority 100. r2 is started first so that its priority-100 adverts are on the wire before r1 takes over. While r1 is master its service is killed: the check fails and r1's priority drops to 101, still above r2's 100, so nothing moves: the VIP stays on the router whose service is down. After ~8 s the service is restarted and r1 is back at 103."
EXPECT="r2 is started first and is master from {T:r2:MASTER} (priority 100: these adverts show the backup's priority on the wire). r1 (priority 103) starts at {A:start-r1}, ignores r2's lower-priority adverts and becomes master at {T:r1:MASTER} after its own Master_Down_Interval (3 + 153/256 = 3.598 s); r2 returns to BACKUP at {T:r2:BACKUP:2} (startup preemption). At {A:service-down-r1} the service svc-r1 is killed: r1's check fails at its next run and r1 lowers its priority to 101 (103 - 2), which shows in its next advert. 101 is still above r2's 100: r2 (priority 100) accepts the adverts (101 is above its own priority, so each one re-arms its timer) and stays BACKUP, so there is no takeover: r1 keeps advertising 101 every second with its service down (8 adverts at 101 in this recording) and r2 stays silent. The tracking was ineffective: the weight is smaller than the gap between the priorities. At {A:service-up-r1-2} the service is started again: the check succeeds and r1 advertises 103 again. One master change at startup (r2 -> r1, preemption), none caused by the failed check."
SVC=svc-r1
setup() {
  add_router r1; add_router r2
  ka_script r1 chk_svc "/usr/bin/killall -0 $SVC" -2 1
  ka_instance r1 VI_1 vrid=51 prio=103 track_script=chk_svc vips=10.99.0.100/24
  ka_instance r2 VI_1 vrid=51 prio=100 vips=10.99.0.100/24
}
run() {
  start_service r1 "$SVC"
  start_keepalived r2
  sleep 5
  start_keepalived r1
  sleep 6
  stop_service r1 "$SVC"
  sleep 8
  start_service r1 "$SVC"
  sleep 4
}
