#!/usr/bin/env bash
# Record real VRRP traffic from keepalived / FRR running in network namespaces joined by a bridge.
#
#   sudo scripts/record/record.sh SCENARIO [SCENARIO...]    record these scenarios
#   sudo scripts/record/record.sh --all                     record every scenario
#   scripts/record/record.sh --list                         list the scenarios
#
# Output per scenario in captures/real/: NAME.pcap, NAME.events.json, NAME.logs.txt.
# See scripts/record/README.md.
set -u -o pipefail

REC_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$REC_DIR/../.." && pwd)
OUT="$ROOT/captures/real"
RUN_BASE=/run/vrrpscope-record
SCEN_DIR="$REC_DIR/scenarios"
RUN=""

# shellcheck source=lib.sh
. "$REC_DIR/lib.sh"

usage() {
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}

list_scenarios() {
  local f n d
  for f in "$SCEN_DIR"/*.sh; do
    n=$(basename "$f" .sh)
    d=$(grep -m1 '^SUMMARY=' "$f" | sed -E 's/^SUMMARY=["'\'']?//; s/["'\'']$//')
    printf '%-30s %s\n' "$n" "$d"
  done
}

need_cmd() { # CMD PACKAGE
  command -v "$1" >/dev/null 2>&1 || [[ -x $1 ]] || MISSING+=("$2")
}

check_deps() { # NEEDS words (frr, arping)
  MISSING=()
  need_cmd ip iproute2
  need_cmd nft nftables
  need_cmd tcpdump tcpdump
  need_cmd keepalived keepalived
  need_cmd perl perl
  need_cmd node nodejs
  local w
  for w in "$@"; do
    case $w in
      frr) need_cmd /usr/lib/frr/zebra frr; need_cmd /usr/lib/frr/vrrpd frr ;;
      arping) need_cmd arping iputils-arping ;;
    esac
  done
  if ((${#MISSING[@]})); then
    local u
    u=$(printf '%s\n' "${MISSING[@]}" | sort -u | paste -sd' ' -)
    die "missing packages: $u -- install them with: apt-get update && apt-get install -y $u"
  fi
}

run_one() { # NAME (runs in a background subshell)
  local name=$1 f="$SCEN_DIR/$1.sh"
  [[ -f $f ]] || die "no such scenario: $name (see --list)"
  SCENARIO=$name
  DESCRIPTION="" IMPLEMENTATION="keepalived 2.2.7" EXPECT="" NEEDS="" SUMMARY="" VERDICT=""
  # shellcheck source=/dev/null
  . "$f"
  # shellcheck disable=SC2086
  check_deps $NEEDS
  RUN="$RUN_BASE/$name"
  trap 'cleanup_all' EXIT
  trap 'log "interrupted"; exit 130' INT TERM HUP
  cleanup_all # leftovers of an earlier run that was killed hard
  rm -rf "$RUN"
  mkdir -p "$RUN" "$OUT"
  : >"$RUN/actions"; : >"$RUN/transitions"; : >"$RUN/routers"; : >"$RUN/hosts"; : >"$RUN/instances"
  log "=== scenario $name"
  setup_bridge
  setup
  start_capture
  run
  sleep 0.5
  stop_capture
  # state of the routers at the end, for the log
  local r
  cut -f1 "$RUN/routers" | while read -r r; do
    printf '%s ===== end of capture: addresses on eth0: %s\n' "$(now | cut -c1-17)" \
      "$(ip -n "$REC_NS_PREFIX$r" -br addr show dev eth0 2>/dev/null | awk '{$1=$2="";print}' | xargs)" \
      >>"$RUN/$r.console"
  done
  cleanup_all
  SCENARIO=$name DESCRIPTION=$DESCRIPTION IMPLEMENTATION=$IMPLEMENTATION EXPECT=$EXPECT \
    SUMMARY=$SUMMARY VERDICT=$VERDICT node "$REC_DIR/finalize.mjs" "$RUN" "$OUT" || die "finalize failed"
}

main() {
  (($#)) || usage 1
  local names=() a
  case $1 in
    -h | --help) usage 0 ;;
    --list) list_scenarios; exit 0 ;;
    --all) mapfile -t names < <(for f in "$SCEN_DIR"/*.sh; do basename "$f" .sh; done) ;;
    *) names=("$@") ;;
  esac
  [[ $(id -u) == 0 ]] || die "must run as root (network namespaces, nftables, tcpdump)"
  mkdir -p "$RUN_BASE"
  exec 9>"$RUN_BASE/lock"
  flock -n 9 || die "another record.sh is running (lock $RUN_BASE/lock)"
  for a in "${names[@]}"; do [[ -f $SCEN_DIR/$a.sh ]] || die "no such scenario: $a (see --list)"; done
  CHILD=""
  trap 'cleanup_all' EXIT
  # each scenario runs in a background subshell so that a signal reaches us while we wait for it;
  # we pass it on as SIGTERM (a non-interactive shell's background jobs ignore SIGINT)
  trap 'log "interrupted"; [[ -n $CHILD ]] && kill -TERM "$CHILD" 2>/dev/null && wait "$CHILD"; cleanup_all; exit 130' INT TERM HUP
  local failed=() rc
  for a in "${names[@]}"; do
    run_one "$a" &
    CHILD=$!
    wait "$CHILD"
    rc=$?
    CHILD=""
    ((rc == 0)) || failed+=("$a")
  done
  node "$REC_DIR/make-index.mjs" "$OUT" || log "warning: could not rebuild ${OUT#"$ROOT"/}/README.md"
  if ((${#failed[@]})); then
    log "FAILED: ${failed[*]}"
    exit 1
  fi
  log "done: ${names[*]}"
}

main "$@"
