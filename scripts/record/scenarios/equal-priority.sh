# shellcheck shell=bash disable=SC2034
SUMMARY="Both priority 100: first starter r1 stays master; split for 6 s; on heal the higher IP (r2) wins; restarted r1 stays backup."
VERDICT="r1 until {T:r1:BACKUP:2}; dual master {T:r2:MASTER}-{T:r1:BACKUP:2}; r2 from then on (equal-priority tie, higher IP wins); no preemption by an equal-priority backup."
DESCRIPTION="keepalived pair with EQUAL priority 100 (VRID 51, VRRPv2, advert_int 1 s). r1 (10.99.0.1) starts first and becomes master; r2 (10.99.0.2, higher IP) starts 0.3 s later and stays backup: a backup does not preempt a master of equal priority, whatever its IP. Then VRRP is blocked between them for ~6 s so both become master, and unblocked: the tie between two masters of equal priority is broken by the primary IP, the higher IP (r2) wins. Finally the lower-IP router r1 (now backup) is restarted: it stays backup."
NEEDS=""
EXPECT="Both routers advertise priority 100. r1 (lower IP) is master from {T:r1:MASTER} because it started first; r2 (higher IP) stays a silent BACKUP (equal priority never preempts). At {A:block} VRRP between r1 and r2 is blocked in the bridge (forward path only, the capture sees both); r2 becomes master at {T:r2:MASTER}: dual master (split brain) until the tie is resolved. At {A:unblock} the block is lifted: r1 receives an advert of equal priority from the higher address 10.99.0.2 and steps down to BACKUP at {T:r1:BACKUP:2}; r2 stays master (tie broken by the higher primary IP). Failover r1 -> r2 at {T:r1:BACKUP:2}, cause: equal-priority tie after a split brain, higher IP wins. At {A:sigterm-r1} r1 (a backup, so no priority-0 advert) is stopped and at {A:start-r1-2} restarted: it enters BACKUP at {T:r1:BACKUP:3} and stays backup, r2 remains the only master until the end."
setup() {
  add_router r1; add_router r2
  ka_instance r1 VI_1 vrid=51 prio=100 vips=10.99.0.100/24
  ka_instance r2 VI_1 vrid=51 prio=100 vips=10.99.0.100/24
}
run() {
  start_keepalived r1
  start_keepalived r2
  sleep 7
  block_vrrp_between r1 r2
  sleep 6
  unblock_all "both masters hear each other again"
  sleep 5
  stop_router r1
  sleep 1
  start_keepalived r1
  sleep 8
}
