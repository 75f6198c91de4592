#!/usr/bin/env bash
# End-to-end: `vrrpscope live br0` (NDJSON events, --write) on the bridge of topology.sh while the
# keepalived master is killed. Used by live-failover.test.ts.
#
#   test/e2e/live-failover.sh OUTDIR CLI.js
#
# Writes OUTDIR/events.ndjson (each line prefixed with the wall time it was printed), OUTDIR/live.pcap,
# OUTDIR/transitions (keepalived's notify log).
set -u -o pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RUN=$1
CLI=$2
mkdir -p "$RUN"
trap '"$HERE/topology.sh" down "$RUN"' EXIT
trap 'exit 130' INT TERM HUP
"$HERE/topology.sh" down "$RUN"

# vrrpscope starts first, in the bridge's namespace; every event line is stamped with its wall time.
"$HERE/topology.sh" bridge "$RUN" || exit 1
ip netns exec vse-br node "$CLI" live br0 --format ndjson --duration 15s --state-every 1s --write "$RUN/live.pcap" 2>"$RUN/live.stderr" |
  perl -MTime::HiRes=time -ne 'BEGIN{$|=1} printf "%.6f %s", time, $_' >"$RUN/events.ndjson" &
LIVE=$!
sleep 1
"$HERE/topology.sh" routers "$RUN" || exit 1
sleep 6
"$HERE/topology.sh" kill "$RUN" r1
wait "$LIVE"
