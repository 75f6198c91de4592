# shellcheck shell=bash disable=SC2034
SUMMARY="vrrp_sync_group of VRID 51 (.100) and 52 (.101), r1 150 / r2 100; a track file puts r1's VRID 51 in FAULT: both groups go (priority 0) and come back together."
VERDICT="Both VRIDs: r1 until {A:fault-r1} (FAULT of VI_51 takes VI_52 along, priority-0 adverts), r2 from {T:r2/VI_51:MASTER} / {T:r2/VI_52:MASTER}; r1 again from {T:r1/VI_51:MASTER:2} / {T:r1/VI_52:MASTER:2} after the recovery (preemption)."
DESCRIPTION="keepalived pair with two VRRP instances in one vrrp_sync_group on each router: VI_51 (VRID 51, VIP 10.99.0.100) and VI_52 (VRID 52, VIP 10.99.0.101), VRRPv2, advert_int 1 s, r1 priority 150 and r2 priority 100 in both. Only r1's VI_51 tracks a file (vrrp_track_file, weight 0: a non-zero value means FAULT). The recorder writes 1 into it: VI_51 enters FAULT and the sync group takes VI_52 along, although nothing is wrong with it; r1 sends priority 0 for both and r2 takes over both. Later the file is reset to 0: r1 preempts both back, together."
EXPECT="r1 is master of VRID 51 from {T:r1/VI_51:MASTER} and of VRID 52 from {T:r1/VI_52:MASTER}. At {A:fault-r1} the recorder writes 1 into r1's track file: VI_51 enters FAULT at {T:r1/VI_51:FAULT} and, being in the same sync group, VI_52 enters FAULT at {T:r1/VI_52:FAULT}; r1 sends priority-0 adverts (two for VRID 51, one for VRID 52 in this recording, within 4 ms) and removes both VIPs. r2 becomes master of VRID 51 at {T:r2/VI_51:MASTER} and of VRID 52 at {T:r2/VI_52:MASTER} (Skew_Time 0.609 s after the priority-0 adverts, not the full Master_Down_Interval; r2's own sync group makes the second instance follow the first within a few ms) and sends GARPs for 10.99.0.100 and 10.99.0.101. Failovers r1 -> r2 in both groups, cause: the master released them (priority 0), VRID 52 only because of the sync group. At {A:recover-r1} the file is reset to 0: both r1 instances go to BACKUP ({T:r1/VI_51:BACKUP:2}, {T:r1/VI_52:BACKUP:2}), hear r2's lower priority and preempt it together at {T:r1/VI_51:MASTER:2} and {T:r1/VI_52:MASTER:2} ({dt:A:recover-r1,T:r1/VI_51:MASTER:2} after the recovery). Failovers r2 -> r1 in both groups, cause: preemption."
fault_file() { echo "$RUN/r1.fault"; }
setup() {
  add_router r1; add_router r2
  echo 0 >"$(fault_file)"
  ka_track_file r1 fault "$(fault_file)" 0
  ka_sync_group r1 SG VI_51 VI_52
  ka_instance r1 VI_51 vrid=51 prio=150 track_file=fault vips=10.99.0.100/24
  ka_instance r1 VI_52 vrid=52 prio=150 vips=10.99.0.101/24
  ka_sync_group r2 SG VI_51 VI_52
  ka_instance r2 VI_51 vrid=51 prio=100 vips=10.99.0.100/24
  ka_instance r2 VI_52 vrid=52 prio=100 vips=10.99.0.101/24
}
run() {
  start_keepalived r1
  start_keepalived r2
  sleep 7
  action --label fault-r1 "write 1 into r1's track file (weight 0: VI_51 goes FAULT)"
  echo 1 >"$(fault_file)"
  sleep 8
  action --label recover-r1 "write 0 into r1's track file (VI_51 recovers)"
  echo 0 >"$(fault_file)"
  sleep 8
}
