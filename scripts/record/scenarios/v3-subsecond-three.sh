# shellcheck shell=bash disable=SC2034
SUMMARY="VRRPv3, advert_int 0.5 s, r1 150 / r2 120 / r3 100; SIGKILL r1, then r2."
VERDICT="r1 until {A:sigkill-r1}; r2 from {T:r2:MASTER} until {A:sigkill-r2}; r3 from {T:r3:MASTER}; both failovers crashes (~1.4 s after the kill)."
DESCRIPTION="Three keepalived routers, VRRPv3 over IPv4, VRID 51, advert_int 0.5 s (50 cs): r1 priority 150, r2 120, r3 100. r1 is master; it is SIGKILLed, r2 takes over; then r2 is SIGKILLed and r3 takes over."
EXPECT="VRRPv3 adverts (max advert interval 50 cs) for VRID 51 with VIP 10.99.0.100. r1 (priority 150) is master from {T:r1:MASTER}, advertising every 0.5 s. At {A:sigkill-r1} r1's keepalived is SIGKILLed (no priority-0 advert): r2 (priority 120, Master_Down_Interval = 3*50 + (256-120)*50/256 = 176.6 cs) becomes master at {T:r2:MASTER} ({dt:A:sigkill-r1,T:r2:MASTER} after the kill) and sends GARPs; r3 (priority 100, 180.5 cs) stays backup because r2 wins the race. At {A:sigkill-r2} r2 is SIGKILLed too: r3 becomes master at {T:r3:MASTER} ({dt:A:sigkill-r2,T:r3:MASTER} after the kill). Masters: r1 until {A:sigkill-r1}, r2 from {T:r2:MASTER} until {A:sigkill-r2}, r3 from {T:r3:MASTER} to the end. Two failovers, both caused by the master disappearing (crash). The VIP stays configured on the dead r1 and r2 (they do not advertise)."
setup() {
  add_router r1; add_router r2; add_router r3
  ka_instance r1 VI_1 vrid=51 prio=150 version=3 int=0.5 vips=10.99.0.100/24
  ka_instance r2 VI_1 vrid=51 prio=120 version=3 int=0.5 vips=10.99.0.100/24
  ka_instance r3 VI_1 vrid=51 prio=100 version=3 int=0.5 vips=10.99.0.100/24
}
run() {
  start_keepalived r1
  start_keepalived r2
  start_keepalived r3
  sleep 5
  kill_router r1
  sleep 7
  kill_router r2
  sleep 8
}
