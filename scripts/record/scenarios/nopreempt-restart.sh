# shellcheck shell=bash disable=SC2034
SUMMARY="nopreempt on both (r1 150, r2 100); SIGKILL r1, r2 takes over; r1 restarted stays backup and sends nothing."
VERDICT="r1 until {A:sigkill-r1}; r2 from {T:r2:MASTER} (crash) until the end: the restarted r1 (BACKUP at {T:r1:BACKUP:2}) does not preempt."
DESCRIPTION="keepalived pair (VRID 51, VRRPv2, advert_int 1 s), both 'state BACKUP' with 'nopreempt': r1 priority 150, r2 priority 100. r1 is master; keepalived on r1 is SIGKILLed and r2 takes over after Master_Down_Interval. r1 is restarted: with nopreempt it accepts r2's lower-priority adverts and stays backup, silent on the wire."
EXPECT="r1 is master from {T:r1:MASTER} (priority 150). At {A:sigkill-r1} r1's keepalived is SIGKILLed (no priority-0 advert). r2 becomes master at {T:r2:MASTER}, {dt:A:sigkill-r1,T:r2:MASTER} after the kill (Master_Down_Interval 3.609 s after r1's last advert), and sends its GARPs. Failover r1 -> r2, cause: master crash. At {A:start-r1-2} keepalived is restarted on r1: it removes the stale VIP and enters BACKUP at {T:r1:BACKUP:2}; with nopreempt it accepts r2's priority-100 adverts although its own priority is 150, so it never becomes master and sends nothing at all (its IGMP joins are outside the capture filter): r1 sent {NADV:r1} VRRP packets in the whole capture, all before the kill. r2 stays master at priority 100 to the end while a higher-priority router is up: that is what nopreempt is for, not a fault."
setup() {
  add_router r1; add_router r2
  ka_instance r1 VI_1 vrid=51 prio=150 state=BACKUP nopreempt vips=10.99.0.100/24
  ka_instance r2 VI_1 vrid=51 prio=100 state=BACKUP nopreempt vips=10.99.0.100/24
}
run() {
  start_keepalived r1
  start_keepalived r2
  sleep 7
  kill_router r1
  sleep 8
  start_keepalived r1
  sleep 10
}
