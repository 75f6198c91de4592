# shellcheck shell=bash disable=SC2034
SUMMARY="r1's priority flips 150 <-> 50 every 6 s (track file, weight -100); r2 100: mastership flaps."
VERDICT="Mastership flaps: r2 master at {TT:r2:MASTER}; r1 at {TT:r1:MASTER}; cause: r1's changing priority."
DESCRIPTION="keepalived pair (VRID 51, VRRPv2, advert_int 1 s), both with preempt: r1 priority 150 with a vrrp_track_file of weight -100 that the recorder flips between 0 and 1 every 6 s (effective priority 150 <-> 50); r2 priority 100. Each flip makes the other router the rightful master: the mastership flaps."
EXPECT="r1's advertised priority alternates between 150 and 50 as its track file flips (flips at {A:flip-r1}, {A:flip-r1-2}, {A:flip-r1-3}, ...; see actions). r1 becomes master at {T:r1:MASTER}. Each time r1 drops to 50 while master, it keeps advertising with priority 50 until r2 (priority 100, preempt) takes over: r2 became master at {TT:r2:MASTER}. Each time r1 is back at 150 while backup, it preempts r2: r1 became master at {TT:r1:MASTER}. The analyzer should report the mastership flapping between r1 and r2 (one change every few seconds), caused by r1's changing priority (adverts with priority 150 and 50 from the same router), not by crashes."
flip_file() { echo "$RUN/r1.flip"; }
setup() {
  add_router r1; add_router r2
  echo 0 >"$(flip_file)"
  ka_track_file r1 flip "$(flip_file)" -100
  ka_instance r1 VI_1 vrid=51 prio=150 track_file=flip vips=10.99.0.100/24
  ka_instance r2 VI_1 vrid=51 prio=100 vips=10.99.0.100/24
}
run() {
  start_keepalived r1
  start_keepalived r2
  sleep 5
  local i v=1
  for i in 1 2 3 4 5 6 7 8; do
    action "flip r1's track file to $v (r1 priority $((150 - 100 * v)))"
    echo $v >"$(flip_file)"
    v=$((1 - v))
    sleep 6
  done
}
