# shellcheck shell=bash disable=SC2034
SUMMARY="ip link set eth0 down on master r1 for ~10 s: r2 takes over after Master_Down_Interval; at link-up r1 stays silent ~3.4 s, then preempts."
VERDICT="r1 until {A:link-down-r1} (link down, FAULT); r2 from {T:r2:MASTER} ({dt:A:link-down-r1,T:r2:MASTER} later, master down); r1 again from {T:r1:MASTER:2} (preemption, {dt:A:link-up-r1,T:r1:MASTER:2} after link-up)."
DESCRIPTION="keepalived pair (r1 priority 150, r2 priority 100, VRID 51, VRRPv2, advert_int 1 s, preempt). While r1 is master its eth0 is taken down inside its namespace (ip link set eth0 down) for ~10 s, then brought up again. keepalived on r1 sees the interface go down and enters FAULT (its goodbye advert cannot leave a down interface); r2 takes over after Master_Down_Interval. At link-up r1 goes back to BACKUP and preempts r2."
EXPECT="r1 is master from {T:r1:MASTER}. At {A:link-down-r1} r1's eth0 goes down: keepalived on r1 enters FAULT at {T:r1:FAULT} and removes the VIP; it logs a priority-0 advert, but nothing reaches the wire (the link is down), so on the wire this looks like a crash: r1's adverts just stop. r2 becomes master at {T:r2:MASTER}, {dt:A:link-down-r1,T:r2:MASTER} after the link went down (Master_Down_Interval 3.609 s after r1's last advert), and sends its GARPs. Failover r1 -> r2, cause: the master fell silent. At {A:link-up-r1} the link comes back: r1 enters BACKUP at {T:r1:BACKUP:2}, stays silent, and preempts r2 at {T:r1:MASTER:2} ({dt:A:link-up-r1,T:r1:MASTER:2} after link-up: its own Master_Down_Interval, 3.414 s), with its GARPs; r2 returns to BACKUP at {T:r2:BACKUP:2}. Failover r2 -> r1, cause: preemption."
setup() {
  add_router r1; add_router r2
  ka_instance r1 VI_1 vrid=51 prio=150 vips=10.99.0.100/24
  ka_instance r2 VI_1 vrid=51 prio=100 vips=10.99.0.100/24
}
run() {
  start_keepalived r1
  start_keepalived r2
  sleep 6
  link_down r1
  sleep 10
  link_up r1
  sleep 8
}
