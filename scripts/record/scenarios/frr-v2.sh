# shellcheck shell=bash disable=SC2034
SUMMARY="FRR vrrpd VRRPv2 pair (virtual MAC): SIGTERM r1 (priority 0), r2 takes over; vrrpd restarted on r1 preempts; SIGKILL r1, r2 takes over again."
VERDICT="r1 until {A:sigterm-r1}; r2 from {T:r2:MASTER} (release, priority 0); r1 again from {T:r1:MASTER:2} (preemption); r2 from {T:r2:MASTER:2} (crash)."
DESCRIPTION="FRR 8.4 vrrpd pair, VRRPv2 (vrrp 51 version 2), VRID 51, advertisement-interval 1000 ms: r1 priority 150, r2 priority 100, each with a macvlan vrrp4-51 holding the virtual MAC 00:00:5e:00:01:33 and the VIP 10.99.0.100. r1 is master; vrrpd on r1 gets SIGTERM (it sends a priority-0 advert) and r2 takes over after Skew_Time. vrrpd is started again on r1 (zebra kept running) and preempts r2. Then vrrpd and zebra on r1 are SIGKILLed and r2 takes over after Master_Down_Interval."
IMPLEMENTATION="frr 8.4"
NEEDS="frr"
EXPECT="FRR sends its VRRPv2 adverts (auth type 0, advert interval 1 s) and its gratuitous ARP from the virtual MAC 00:00:5e:00:01:33: only the IP source tells r1 (10.99.0.1) from r2 (10.99.0.2). r1 (priority 150) is master from {T:r1:MASTER}, with one GARP. At {A:sigterm-r1} vrrpd on r1 gets SIGTERM: it sends an advert with priority 0 and r2 (priority 100) becomes master at {T:r2:MASTER}, {dt:A:sigterm-r1,T:r2:MASTER} after the SIGTERM (Skew_Time (256-100)/256 = 0.609 s after the priority-0 advert), with one GARP. Failover 1: r1 -> r2, cause: the master released (priority 0). At {A:start-r1-2} vrrpd is started again on r1: it enters Backup, ignores r2's lower-priority adverts and becomes master at {T:r1:MASTER:2} ({dt:A:start-r1-2,T:r1:MASTER:2} after the restart); r2 goes back to Backup at {T:r2:BACKUP:2}. Failover 2: r2 -> r1, cause: preemption. At {A:sigkill-r1} vrrpd and zebra on r1 are SIGKILLed (no priority-0 advert): r2 becomes master again at {T:r2:MASTER:2}, {dt:A:sigkill-r1,T:r2:MASTER:2} after the kill (Master_Down_Interval 3.609 s after r1's last advert). Failover 3: r1 -> r2, cause: master crash."
setup() {
  add_router r1; add_router r2
  frr_vrrp r1 51 150 10.99.0.100 1000 2
  frr_vrrp r2 51 100 10.99.0.100 1000 2
}
run() {
  start_frr r1
  start_frr r2
  sleep 8
  stop_router r1
  sleep 5
  start_frr r1
  sleep 7
  kill_router r1
  sleep 7
}
