# shellcheck shell=bash disable=SC2034
SUMMARY="r1 master; SIGKILL r1; r2 takes over after Master_Down_Interval; r1 restarted, preempts."
VERDICT="r1 until {A:sigkill-r1}; r2 from {T:r2:MASTER} (crash, {dt:A:sigkill-r1,T:r2:MASTER} after the kill); r1 again from {T:r1:MASTER:2} (preemption)."
DESCRIPTION="keepalived pair (r1 priority 150, r2 priority 100, VRID 51, VRRPv2, advert_int 1 s). r1 is master; keepalived on r1 is killed with SIGKILL (no priority-0 advert, the VIP stays configured on r1); r2 takes over after Master_Down_Interval. Later r1 is restarted: it starts in BACKUP and preempts r2."
EXPECT="r1 is master from {T:r1:MASTER} (adverts priority 150, GARPs from 02:99:00:00:00:01). At {A:sigkill-r1} r1's keepalived is SIGKILLed: r1's adverts just stop, there is no priority-0 advert. r2 becomes master at {T:r2:MASTER}, {dt:A:sigkill-r1,T:r2:MASTER} after the kill (Master_Down_Interval for priority 100 is 3.61 s, counted from r1's last advert), advertises with priority 100 and sends 5 GARPs for 10.99.0.100 from 02:99:00:00:00:02 at once and 5 more 5 s later. Failover 1: r1 -> r2, cause: master stopped advertising (crash, no goodbye). At {A:start-r1-2} keepalived is restarted on r1: it removes the stale VIP, enters BACKUP, hears r2's priority-100 adverts and, having a higher priority with preempt on, becomes master again at {T:r1:MASTER:2} ({dt:A:start-r1-2,T:r1:MASTER:2} after the restart); r2 returns to BACKUP at {T:r2:BACKUP:2}. Failover 2: r2 -> r1, cause: preemption by a higher-priority router (r1's adverts priority 150 while r2 was master; r2 stops advertising after seeing them). Masters: r1 until {A:sigkill-r1}, nobody (no adverts) until {T:r2:MASTER}, r2 until {T:r1:MASTER:2}, then r1."
setup() {
  add_router r1; add_router r2
  ka_instance r1 VI_1 vrid=51 prio=150 vips=10.99.0.100/24
  ka_instance r2 VI_1 vrid=51 prio=100 vips=10.99.0.100/24
}
run() {
  start_keepalived r1
  start_keepalived r2
  sleep 7
  kill_router r1
  sleep 9
  start_keepalived r1
  sleep 10
}
