#!/usr/bin/env bash
# End-to-end: two keepalived routers on a bridge in network namespaces, `vrrpscope live br0` on the
# bridge (NDJSON events, --write), the master killed with SIGKILL. Used by live-failover.test.ts.
#
#   test/e2e/live-failover.sh OUTDIR CLI.js
#
# Writes OUTDIR/events.ndjson (each line prefixed with the wall time it was printed), OUTDIR/live.pcap,
# OUTDIR/transitions (keepalived's notify log), OUTDIR/actions. Needs root, keepalived, nftables.
set -u -o pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
REC_DIR="$ROOT/scripts/record"
# shellcheck source=../../scripts/record/lib.sh
. "$REC_DIR/lib.sh"
# Own namespace names: never collide with a recording (vs-*) running on the same machine.
REC_NS_PREFIX="vse-"
BR_NS="vse-br"
SCENARIO="live-failover"
RUN=$1
CLI=$2
mkdir -p "$RUN"
: >"$RUN/actions"
trap 'cleanup_all' EXIT
trap 'exit 130' INT TERM HUP
cleanup_all

setup_bridge
add_router r1
add_router r2
ka_instance r1 VI_1 vrid=51 prio=150 vips=10.99.0.100/24
ka_instance r2 VI_1 vrid=51 prio=100 vips=10.99.0.100/24

# vrrpscope in the bridge's namespace, on the bridge; every event line stamped with its wall time.
ip netns exec "$BR_NS" node "$CLI" live br0 --format ndjson --duration 15s --state-every 1s --write "$RUN/live.pcap" 2>"$RUN/live.stderr" |
  perl -MTime::HiRes=time -ne 'BEGIN{$|=1} printf "%.6f %s", time, $_' >"$RUN/events.ndjson" &
LIVE=$!
sleep 1
start_keepalived r1
start_keepalived r2
sleep 6
kill_router r1
wait "$LIVE"
