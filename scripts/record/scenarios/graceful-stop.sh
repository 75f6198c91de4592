# shellcheck shell=bash disable=SC2034
SUMMARY="r1 master; SIGTERM r1: one priority-0 advert; r2 takes over after Skew_Time."
VERDICT="r1 until {A:sigterm-r1}; r2 from {T:r2:MASTER} ({dt:A:sigterm-r1,T:r2:MASTER} later), cause: graceful shutdown (priority 0)."
DESCRIPTION="keepalived pair (r1 priority 150, r2 priority 100, VRID 51, VRRPv2, advert_int 1 s). r1 is master; keepalived on r1 is stopped with SIGTERM: it sends one priority-0 advert and removes the VIP; r2 takes over after Skew_Time."
EXPECT="r1 is master from {T:r1:MASTER}. At {A:sigterm-r1} keepalived on r1 gets SIGTERM: r1 sends an advert with priority 0 ('I am leaving') and removes the VIP. r2 becomes master at {T:r2:MASTER}, {dt:A:sigterm-r1,T:r2:MASTER} after the SIGTERM (Skew_Time for priority 100 is 0.61 s, not the full Master_Down_Interval), advertises with priority 100 and sends 5 GARPs at once and 5 more 5 s later from 02:99:00:00:00:02. Failover r1 -> r2, cause: graceful shutdown of the master (priority-0 advert). r2 is master until the end."
setup() {
  add_router r1; add_router r2
  ka_instance r1 VI_1 vrid=51 prio=150 vips=10.99.0.100/24
  ka_instance r2 VI_1 vrid=51 prio=100 vips=10.99.0.100/24
}
run() {
  start_keepalived r1
  start_keepalived r2
  sleep 7
  stop_router r1
  sleep 9
}
