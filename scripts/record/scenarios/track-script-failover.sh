# shellcheck shell=bash disable=SC2034
SUMMARY="vrrp_script health check (killall -0 on a service process, weight -60) fails on master r1: 150 -> 90 < r2 100, r2 takes over; the check recovers and r1 preempts back."
VERDICT="r1 until r2 takes over at {T:r2:MASTER} (priority drop after the check failed at {A:service-down-r1}); r1 again from {T:r1:MASTER:2} (preemption after the check recovered at {A:service-up-r1-2})."
DESCRIPTION="keepalived pair (VRID 51, VRRPv2, advert_int 1 s, preempt): r1 priority 150 with a vrrp_script health check 'killall -0 svc-r1' (interval 1 s, weight -60, fall 1, rise 1) watching a stand-in service process in r1's namespace, the way HAProxy setups watch haproxy; r2 priority 100. While r1 is master the service is killed: the check fails, r1's priority drops to 90, below r2's 100, and r2 (preempt) takes over. Later the service is restarted: the check succeeds again, r1 is back at 150 and preempts r2."
EXPECT="r1 is master from {T:r1:MASTER} with priority 150. At {A:service-down-r1} the service svc-r1 is killed; keepalived's check fails at its next run (within 1 s) and r1 lowers its priority to 90 (150 - 60): the new value appears in r1's next scheduled advert, nothing extra is sent; r1 keeps advertising 90 (and sends its second GARP burst 5 s after becoming master, as usual). r2 (priority 100, preempt) discards the lower-priority adverts without restarting its timer, so it becomes master at {T:r2:MASTER}, {dt:A:service-down-r1,T:r2:MASTER} after the kill (Master_Down_Interval 3.609 s after r1's last priority-150 advert), and sends its GARPs; r1 hears priority 100 > 90 and goes back to BACKUP at {T:r1:BACKUP:2} without another advert. Failover 1: r1 -> r2, cause: the master's advertised priority fell below the backup's (a tracked check failed), not a crash: r1's adverts at priority 90 come before it. At {A:service-up-r1-2} the service is started again; the check succeeds, r1's priority is 150 again, and as a preempting backup hearing r2's lower priority it becomes master at {T:r1:MASTER:2} ({dt:A:service-up-r1-2,T:r1:MASTER:2} after the restart: its own Master_Down_Interval, 3.414 s, counted from the last advert of r2 it accepted, the last one before its priority went back up, not from the recovery) and r2 returns to BACKUP at {T:r2:BACKUP:2}. Failover 2: r2 -> r1, cause: preemption by a higher-priority router."
SVC=svc-r1
setup() {
  add_router r1; add_router r2
  ka_script r1 chk_svc "/usr/bin/killall -0 $SVC" -60 1
  ka_instance r1 VI_1 vrid=51 prio=150 track_script=chk_svc vips=10.99.0.100/24
  ka_instance r2 VI_1 vrid=51 prio=100 vips=10.99.0.100/24
}
run() {
  start_service r1 "$SVC"
  start_keepalived r1
  start_keepalived r2
  sleep 6
  stop_service r1 "$SVC"
  sleep 9
  start_service r1 "$SVC"
  sleep 9
}
