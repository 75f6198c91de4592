# shellcheck shell=bash disable=SC2034
SUMMARY="40 VRRP instances (VRIDs 1-40, VIPs 10.99.0.101-140) on one pair, r1 150 / r2 100; SIGKILL r1: all 40 fail over to r2 within ~0.1 s, hundreds of GARPs."
VERDICT="Each of the 40 VRIDs: r1 from startup until {A:sigkill-r1}, r2 from about {T:r2/VI_1:MASTER} (crash); all 40 takeovers within a fraction of a second."
DESCRIPTION="One keepalived pair running 40 VRRP instances VI_1..VI_40 (VRID n, VIP 10.99.0.(100+n)), VRRPv2, advert_int 1 s, r1 priority 150 and r2 priority 100 in all of them: 40 adverts a second from the master. After the startup r1 is SIGKILLed: the 40 groups time out on r2 at nearly the same moment and r2 sends 5 GARPs per VIP at once (200), and 200 more 5 s later."
EXPECT="r1 becomes master of the 40 VRIDs right after startup (VRID 1 at {T:r1/VI_1:MASTER}, VRID 40 at {T:r1/VI_40:MASTER}) and sends 5 GARPs per VIP (200 ARP frames within milliseconds). At {A:sigkill-r1} r1's keepalived is SIGKILLed (no priority-0 adverts). Each group on r2 times out Master_Down_Interval (3.609 s) after r1's last advert for that VRID: VRID 1 at {T:r2/VI_1:MASTER}, VRID 40 at {T:r2/VI_40:MASTER} (all 40 MASTER transitions of r2: see transitions; they land within a fraction of a second, like r1's 40 last adverts). r2 then advertises all 40 VRIDs every second and sends 5 GARPs per VIP at once and again 5 s later. 40 failovers r1 -> r2, each caused by the master falling silent (crash), none by anything else."
setup() {
  add_router r1; add_router r2
  local n
  for n in $(seq 1 40); do
    ka_instance r1 "VI_$n" vrid="$n" prio=150 vips="10.99.0.$((100 + n))/24"
    ka_instance r2 "VI_$n" vrid="$n" prio=100 vips="10.99.0.$((100 + n))/24"
  done
}
run() {
  start_keepalived r1
  start_keepalived r2
  sleep 7
  kill_router r1
  sleep 11
}
