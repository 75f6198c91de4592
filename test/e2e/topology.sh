#!/usr/bin/env bash
# A keepalived pair on a bridge in network namespaces, for the end-to-end tests.
#
#   test/e2e/topology.sh up RUNDIR      bridge vse-br/br0, r1 (150) and r2 (100) running keepalived
#   test/e2e/topology.sh bridge RUNDIR  only the bridge (to start a capture on it first)
#   test/e2e/topology.sh routers RUNDIR then the routers
#   test/e2e/topology.sh kill RUNDIR r1 SIGKILL a router's keepalived (no priority 0)
#   test/e2e/topology.sh block RUNDIR   drop VRRP between r1 and r2 in the bridge (a split brain follows)
#   test/e2e/topology.sh unblock RUNDIR remove every such rule
#   test/e2e/topology.sh down RUNDIR    stop everything, delete the namespaces
#
# Needs root, keepalived, nftables, iproute2, perl. Uses scripts/record/lib.sh with its own
# namespace prefix (vse-), so it never collides with a recording (vs-*).
set -u -o pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
REC_DIR="$ROOT/scripts/record"
# shellcheck source=../../scripts/record/lib.sh
. "$REC_DIR/lib.sh"
REC_NS_PREFIX="vse-"
BR_NS="vse-br"
SCENARIO="e2e"
cmd=$1
RUN=$2
mkdir -p "$RUN"
touch "$RUN/actions"
bridge() {
  cleanup_all
  setup_bridge
}
routers() {
  add_router r1
  add_router r2
  ka_instance r1 VI_1 vrid=51 prio=150 vips=10.99.0.100/24
  ka_instance r2 VI_1 vrid=51 prio=100 vips=10.99.0.100/24
  start_keepalived r1
  start_keepalived r2
}
case $cmd in
  up) bridge && routers ;;
  bridge) bridge ;;
  routers) routers ;;
  kill) kill_router "$3" ;;
  block) block_vrrp_between r1 r2 ;;
  unblock) unblock_all ;;
  down) cleanup_all ;;
  *) die "usage: topology.sh up|bridge|routers|kill|block|unblock|down RUNDIR [ROUTER]" ;;
esac
