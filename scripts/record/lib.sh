# shellcheck shell=bash
# Helper functions for scripts/record/record.sh and the scenarios in scenarios/*.sh.
#
# Topology: one namespace vs-br holding the bridge br0 (and the capture), one namespace per router
# (vs-r1, vs-r2, ...) and per host (vs-h1, ...). Each of those has eth0, a veth whose peer is a port
# of br0 named after the node (r1, r2, h1, ...). Nothing is connected to the host's own interfaces.
#
# Addresses (all inside the namespaces only):
#   router rN: 10.99.0.N/24, MAC 02:99:00:00:00:0N, fd00:99::N/64 + fe80::99:ff:fe00:N (IPv6 scenarios)
#   host   hN: 10.99.0.(10+N)/24, MAC 02:99:00:00:00:1N
#   VIPs: 10.99.0.100, 10.99.0.101, 10.99.0.200, fd00:99::100, fe80::100

REC_NS_PREFIX="vs-"
BR_NS="vs-br"
CAPTURE_FILTER='vrrp or ip6 proto 112 or arp or icmp or icmp6 or ip proto 112'

# ---------------------------------------------------------------------------------------------
# logging and bookkeeping

log() { printf '[record %s] %s\n' "$(date +%T.%3N)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now() { date +%s.%N; }

# action [--label LABEL] WHAT... (call it right before doing the thing): append a timestamped action to the ground truth. The label names
# it in EXPECT templates ({A:label}); without --label it is the first word of WHAT (lower case)
# plus the node name found in WHAT, e.g. "kill-r1". Repeated labels get -2, -3, ...
action() {
  local label="" t
  if [[ ${1:-} == --label ]]; then label=$2; shift 2; fi
  if [[ -z $label ]]; then
    local verb node
    verb=$(printf '%s' "$1" | awk '{print tolower($1)}')
    node=$(printf '%s' "$*" | grep -oE '\b[rh][0-9]+\b' | head -1)
    label="$verb${node:+-$node}"
  fi
  local base=$label n=1
  while grep -q -P "^[^\t]*\t\Q$label\E\t" "$RUN/actions" 2>/dev/null; do
    n=$((n + 1)); label="$base-$n"
  done
  t=$(now) # taken last: the caller acts right after we return
  printf '%s\t%s\t%s\n' "$t" "$label" "$*" >>"$RUN/actions"
  printf '[record %(%T)T] action %s: %s\n' -1 "$label" "$*" >&2 # builtins only: no delay
}

# sleep that a trapped signal interrupts at once (bash runs traps only between commands)
sleep() { command sleep "$@" & wait $!; }

bg_track() { echo "$1" >>"$RUN/bgpids"; disown "$1" 2>/dev/null; }

# ns_exec NODE CMD...: run CMD inside the node's namespace
ns_exec() { local n=$1; shift; ip netns exec "$REC_NS_PREFIX$n" "$@"; }

# ---------------------------------------------------------------------------------------------
# topology

node_index() { printf '%s' "${1#[rh]}"; }
router_mac() { printf '02:99:00:00:00:%02x' "$1"; }
host_mac() { printf '02:99:00:00:00:%02x' $((0x10 + $1)); }

ns_sysctls() { # NS IPV6(0|1)
  local ns=$1 v6=$2 dis=1
  [[ $v6 == 1 ]] && dis=0
  ip netns exec "$ns" sysctl -q -w \
    net.ipv6.conf.all.disable_ipv6=$dis net.ipv6.conf.default.disable_ipv6=$dis \
    net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
    net.ipv6.conf.all.router_solicitations=0 net.ipv6.conf.default.router_solicitations=0 \
    net.ipv6.conf.all.accept_ra=0 net.ipv6.conf.default.accept_ra=0 \
    net.ipv4.conf.all.arp_notify=0 net.ipv4.conf.default.arp_notify=0 >/dev/null ||
    die "sysctl in $ns failed"
}

setup_bridge() {
  ip netns add "$BR_NS" || die "cannot create namespace $BR_NS"
  ns_sysctls "$BR_NS" 0
  ip -n "$BR_NS" link set lo up
  ip -n "$BR_NS" link add br0 type bridge stp_state 0 forward_delay 0 mcast_snooping 0 ||
    die "cannot create bridge"
  ip -n "$BR_NS" link set br0 up
  # Faults are rules in these chains. prerouting drops happen before the capture on br0 sees the
  # frame; forward drops happen after it (the capture still shows the frame).
  ip netns exec "$BR_NS" nft -f - <<'EOF' || die "nft setup failed"
table bridge vs {
  chain prefilter { type filter hook prerouting priority 0; policy accept; }
  chain fwdfilter { type filter hook forward priority 0; policy accept; }
}
EOF
}

_add_node() { # NAME MAC IPV4 IPV6(0|1)
  local name=$1 mac=$2 addr=$3 v6=$4 ns="$REC_NS_PREFIX$1"
  ip netns add "$ns" || die "cannot create namespace $ns"
  ns_sysctls "$ns" "$v6"
  ip -n "$ns" link set lo up
  ip link add eth0 netns "$ns" address "$mac" type veth peer name "$name" netns "$BR_NS" ||
    die "cannot create veth for $name"
  ip -n "$BR_NS" link set "$name" master br0
  ip -n "$BR_NS" link set "$name" up
  ip -n "$ns" addr add "$addr/24" dev eth0
  ip -n "$ns" link set eth0 up
}

# add_router NAME [ipv6]: NAME is rN
add_router() {
  local name=$1 v6=0 i
  [[ ${2:-} == ipv6 ]] && v6=1
  i=$(node_index "$name")
  _add_node "$name" "$(router_mac "$i")" "10.99.0.$i" "$v6"
  local ll="" g=""
  if [[ $v6 == 1 ]]; then
    g="fd00:99::$i"
    ip -n "$REC_NS_PREFIX$name" addr add "$g/64" dev eth0 nodad
    ll="fe80::99:ff:fe00:$(printf '%x' "$i")"
  fi
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "10.99.0.$i" "$(router_mac "$i")" "$g" "$ll" >>"$RUN/routers"
}

# add_host NAME [ipv6]: NAME is hN
add_host() {
  local name=$1 v6=0 i
  [[ ${2:-} == ipv6 ]] && v6=1
  i=$(node_index "$name")
  _add_node "$name" "$(host_mac "$i")" "10.99.0.$((10 + i))" "$v6"
  printf '%s\t%s\t%s\n' "$name" "10.99.0.$((10 + i))" "$(host_mac "$i")" >>"$RUN/hosts"
}

router_addr() { awk -F'\t' -v n="$1" '$1==n{print $2}' "$RUN/routers"; }
node_mac() { awk -F'\t' -v n="$1" '$1==n{print $3}' "$RUN/routers" "$RUN/hosts" 2>/dev/null | head -1; }

# ---------------------------------------------------------------------------------------------
# capture

start_capture() {
  local out="$RUN/capture.pcap" # copied to captures/real by finalize.mjs once all went well
  rm -f "$out"
  ip netns exec "$BR_NS" tcpdump -i br0 -U -s 256 -Z root -w "$out" "$CAPTURE_FILTER" \
    2>"$RUN/tcpdump.log" &
  CAPTURE_PID=$!
  echo "$CAPTURE_PID" >"$RUN/capture.pid"
  local i
  for i in $(seq 50); do
    grep -q 'listening on' "$RUN/tcpdump.log" 2>/dev/null && break
    sleep 0.1
  done
  grep -q 'listening on' "$RUN/tcpdump.log" || die "tcpdump did not start: $(cat "$RUN/tcpdump.log")"
  sleep 0.2
  log "capturing on br0 (vs-br) into $out"
}

stop_capture() {
  local pid
  pid=$(cat "$RUN/capture.pid" 2>/dev/null) || return 0
  [[ -n $pid ]] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -INT "$pid" 2>/dev/null
    local i
    for i in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
  fi
  wait "$pid" 2>/dev/null
  rm -f "$RUN/capture.pid"
}

# ---------------------------------------------------------------------------------------------
# faults (nftables in the bridge namespace)

nft_br() { ip netns exec "$BR_NS" nft "$@"; }

# _drop_vrrp A B: the forward-hook rule dropping IP protocol 112 sent by A on its way to B, tagged
# with the comment vrrp-A-B so that unblock_vrrp_from can remove that direction alone
_drop_vrrp() {
  nft_br add rule bridge vs fwdfilter ether saddr "$(node_mac "$1")" oifname "$2" meta l4proto 112 drop \
    comment "\"vrrp-$1-$2\""
}

# block_vrrp_between A B: drop IP protocol 112 (v4 and v6) between two nodes in both directions,
# in the forward hook (the capture on br0 still sees every advert)
block_vrrp_between() {
  local a=$1 b=$2 ma mb
  ma=$(node_mac "$a"); mb=$(node_mac "$b")
  action --label "block" "nft: drop VRRP (IP protocol 112) between $a ($ma) and $b ($mb) in the bridge"
  _drop_vrrp "$a" "$b"
  _drop_vrrp "$b" "$a"
}

# block_vrrp_from A B [LABEL]: drop IP protocol 112 sent by A on its way to B only (B's adverts
# still reach A), in the forward hook (the capture on br0 still sees every advert). Label
# block-A-B unless given.
block_vrrp_from() {
  local a=$1 b=$2 label=${3:-block-$1-$2}
  action --label "$label" "nft: drop VRRP (IP protocol 112) from $a ($(node_mac "$a")) to $b only, in the bridge's forward path (captured; $b -> $a still flows)"
  _drop_vrrp "$a" "$b"
}

# unblock_vrrp_from A B [LABEL]: remove the rule dropping VRRP from A to B (made by block_vrrp_from
# or block_vrrp_between); any other rule stays. Label unblock-A-B unless given.
unblock_vrrp_from() {
  local a=$1 b=$2 label=${3:-unblock-$1-$2} handles h
  handles=$(nft_br -a list chain bridge vs fwdfilter | awk -v c="comment \"vrrp-$a-$b\"" 'index($0, c) {print $NF}')
  [[ -n $handles ]] || die "unblock_vrrp_from $a $b: no such rule"
  action --label "$label" "nft: remove the rule dropping VRRP from $a to $b ($a -> $b flows again)"
  for h in $handles; do nft_br delete rule bridge vs fwdfilter handle "$h"; done
}

unblock_all() {
  action --label "unblock" "nft: remove the drop rules${1:+ ($1)}"
  nft_br flush chain bridge vs fwdfilter
  nft_br flush chain bridge vs prefilter
}

# drop_arp_from NODE: drop every ARP frame sent by NODE at bridge ingress (prerouting): neither the
# segment nor the capture on br0 sees them
drop_arp_from() {
  local n=$1 m
  m=$(node_mac "$n")
  action --label "drop-arp" "nft: drop all ARP sent by $n ($m) at bridge ingress (before the capture)"
  nft_br add rule bridge vs prefilter iifname "$n" ether type arp drop
  nft_br add rule bridge vs prefilter ether saddr "$m" ether type arp drop
}

# link_down ROUTER / link_up ROUTER: take the router's eth0 down / up inside its namespace (the
# veth's carrier drops on both ends; the daemon sees the interface go down)
link_down() {
  action --label "link-down-$1" "link down on $1: ip link set eth0 down (in its namespace)"
  ns_exec "$1" ip link set eth0 down
}
link_up() {
  action --label "link-up-$1" "link up on $1: ip link set eth0 up (in its namespace)"
  ns_exec "$1" ip link set eth0 up
}

# ---------------------------------------------------------------------------------------------
# a stand-in service for health checks: a copy of sleep(1) named NAME, run in ROUTER's namespace,
# so that `killall -0 NAME` (or pidof NAME) finds it exactly while it runs

start_service() { # ROUTER NAME
  local r=$1 name=$2
  [[ -x $RUN/$name ]] || cp "$(type -P sleep)" "$RUN/$name" # type -P: sleep is a function here
  action --label "service-up-$r" "start the service $name on $r (a process the health check looks for)"
  # ip netns exec execs the command itself: $! is the service's own pid
  ip netns exec "$REC_NS_PREFIX$r" "$RUN/$name" infinity </dev/null >/dev/null 2>&1 &
  echo $! >"$RUN/$r.$name.pid"
  bg_track "$(cat "$RUN/$r.$name.pid")"
}
stop_service() { # ROUTER NAME
  local r=$1 name=$2 pid
  pid=$(cat "$RUN/$r.$name.pid")
  action --label "service-down-$r" "kill the service $name on $r (SIGKILL): its health check fails from now on"
  kill -9 "$pid"
  _wait_gone "$pid" || log "warning: $name on $r still running"
}

# ---------------------------------------------------------------------------------------------
# keepalived

# ka_global ROUTER LINE...: extra lines for global_defs
ka_global() { local r=$1; shift; printf '  %s\n' "$@" >>"$RUN/$r.ka.global"; }

# ka_instance ROUTER INSTANCE key=value...
#   vrid=51 prio=100 int=1 version=2 state=BACKUP vips=A[;B...] (each entry as keepalived takes it)
#   auth=PASS:secret nopreempt unicast_src=IP unicast_peers=IP[,IP] track_file=NAME (see ka_track_file)
#   track_script=NAME[,NAME] (see ka_script) extra='raw line'[;'raw line']
ka_instance() {
  local r=$1 inst=$2; shift 2
  local vrid=51 prio=100 int=1 version=2 state=BACKUP vips="10.99.0.100/24" auth="" nopreempt=""
  local usrc="" upeers="" tfile="" tscript="" extra="" kv
  for kv in "$@"; do
    case $kv in
      vrid=*) vrid=${kv#*=} ;; prio=*) prio=${kv#*=} ;; int=*) int=${kv#*=} ;;
      version=*) version=${kv#*=} ;; state=*) state=${kv#*=} ;; vips=*) vips=${kv#*=} ;;
      auth=*) auth=${kv#*=} ;; nopreempt) nopreempt=1 ;; unicast_src=*) usrc=${kv#*=} ;;
      unicast_peers=*) upeers=${kv#*=} ;; track_file=*) tfile=${kv#*=} ;; extra=*) extra=${kv#*=} ;;
      track_script=*) tscript=${kv#*=} ;;
      *) die "ka_instance: unknown option $kv" ;;
    esac
  done
  local f="$RUN/$r.ka.instances"
  {
    echo "vrrp_instance $inst {"
    echo "  state $state"
    echo "  interface eth0"
    echo "  virtual_router_id $vrid"
    echo "  priority $prio"
    echo "  advert_int $int"
    echo "  version $version"
    [[ -n $nopreempt ]] && echo "  nopreempt"
    if [[ -n $auth ]]; then
      echo "  authentication {"
      echo "    auth_type ${auth%%:*}"
      echo "    auth_pass ${auth#*:}"
      echo "  }"
    fi
    [[ -n $usrc ]] && echo "  unicast_src_ip $usrc"
    if [[ -n $upeers ]]; then
      echo "  unicast_peer {"
      tr ',' '\n' <<<"$upeers" | sed 's/^/    /'
      echo "  }"
    fi
    echo "  virtual_ipaddress {"
    tr ';' '\n' <<<"$vips" | sed 's/^/    /'
    echo "  }"
    if [[ -n $tfile ]]; then
      echo "  track_file {"
      echo "    $tfile"
      echo "  }"
    fi
    if [[ -n $tscript ]]; then
      echo "  track_script {"
      tr ',' '\n' <<<"$tscript" | sed 's/^/    /'
      echo "  }"
    fi
    [[ -n $extra ]] && tr ';' '\n' <<<"$extra" | sed 's/^/  /'
    echo "  notify \"$REC_DIR/notify.sh $r $RUN/transitions\""
    echo "}"
  } >>"$f"
  # registry: router instance vrid priority version advert_int vips
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$inst" "$vrid" "$prio" "$version" "$int" \
    "$(tr ';' '\n' <<<"$vips" | awk '{print $1}' | paste -sd, -)" "keepalived" >>"$RUN/instances"
}

# ka_track_file ROUTER NAME PATH WEIGHT: define a vrrp_track_file (file holds an integer)
ka_track_file() {
  local r=$1 name=$2 path=$3 weight=$4
  printf 'vrrp_track_file %s {\n  file %s\n  weight %s\n}\n' "$name" "$path" "$weight" >>"$RUN/$r.ka.top"
}

# ka_script ROUTER NAME SCRIPT WEIGHT [INTERVAL]: define a vrrp_script (a health check run every
# INTERVAL seconds, default 1; fall 1 and rise 1: one failure lowers the priority by -WEIGHT, one
# success restores it). SCRIPT is the command line with an absolute path; it runs as root
# (global_defs has script_user root).
ka_script() {
  local r=$1 name=$2 script=$3 weight=$4 int=${5:-1}
  printf 'vrrp_script %s {\n  script "%s"\n  interval %s\n  weight %s\n  fall 1\n  rise 1\n}\n' \
    "$name" "$script" "$int" "$weight" >>"$RUN/$r.ka.top"
}

# ka_sync_group ROUTER NAME INSTANCE...: a vrrp_sync_group whose members change state together
ka_sync_group() {
  local r=$1 name=$2; shift 2
  { printf 'vrrp_sync_group %s {\n  group {\n' "$name"; printf '    %s\n' "$@"; printf '  }\n}\n'; } >>"$RUN/$r.ka.top"
}

ka_write_conf() {
  local r=$1
  local f="$RUN/$r.keepalived.conf"
  {
    echo "# generated by scripts/record for scenario $SCENARIO"
    echo "global_defs {"
    echo "  router_id $r"
    echo "  script_user root"
    [[ -f $RUN/$r.ka.global ]] && cat "$RUN/$r.ka.global"
    echo "}"
    [[ -f $RUN/$r.ka.top ]] && cat "$RUN/$r.ka.top"
    cat "$RUN/$r.ka.instances"
  } >"$f"
  echo "$f"
}

# the timestamping line reader: prefixes every line with epoch seconds (µs)
ts_pipe() { # ROUTER -> appends to $RUN/ROUTER.console
  perl -MTime::HiRes=time -ne 'BEGIN{$|=1} printf "%.6f %s", time, $_' >>"$RUN/$1.console"
}

start_keepalived() {
  local r=$1 conf
  conf=$(ka_write_conf "$r")
  rm -f "$RUN/$r.pid" "$RUN/$r.vrrp.pid" "$RUN/$r.chk.pid"
  echo "keepalived" >"$RUN/$r.impl"
  printf '%s ===== start keepalived (%s)\n' "$(now | cut -c1-17)" "$(basename "$conf")" >>"$RUN/$r.console"
  action "start keepalived on $r"
  ip netns exec "$REC_NS_PREFIX$r" keepalived -n -l -D -G -P -R -f "$conf" -p "$RUN/$r.pid" -r "$RUN/$r.vrrp.pid" \
    -c "$RUN/$r.chk.pid" 2>&1 </dev/null | ts_pipe "$r" &
  bg_track $!
  local i
  for i in $(seq 50); do [[ -s $RUN/$r.vrrp.pid ]] && break; sleep 0.1; done
  [[ -s $RUN/$r.vrrp.pid ]] || die "keepalived on $r did not start (see $RUN/$r.console)"
}

_wait_gone() { # PID... : wait up to 5 s
  local i p alive
  for i in $(seq 50); do
    alive=0
    for p in "$@"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [[ $alive == 0 ]] && return 0
    sleep 0.1
  done
  return 1
}

# kill_router ROUTER: SIGKILL the router's VRRP daemon(s): no goodbye, VIPs stay configured
kill_router() {
  local r=$1 impl pids
  impl=$(cat "$RUN/$r.impl")
  if [[ $impl == keepalived ]]; then
    pids="$(cat "$RUN/$r.vrrp.pid") $(cat "$RUN/$r.pid")"
    action "SIGKILL keepalived on $r (VRRP child and parent)"
  else
    pids="$(cat "$RUN/$r.vrrpd.pid") $(cat "$RUN/$r.zebra.pid")"
    action "SIGKILL vrrpd and zebra on $r"
  fi
  # shellcheck disable=SC2086
  kill -9 $pids
  # shellcheck disable=SC2086
  _wait_gone $pids || log "warning: $r still running after SIGKILL"
  printf '%s ===== killed with SIGKILL\n' "$(now | cut -c1-17)" >>"$RUN/$r.console"
}

# stop_router ROUTER: SIGTERM (keepalived sends priority 0 for the instances it is master of)
stop_router() {
  local r=$1 impl pids
  impl=$(cat "$RUN/$r.impl")
  if [[ $impl == keepalived ]]; then
    pids="$(cat "$RUN/$r.pid") $(cat "$RUN/$r.vrrp.pid")"
    action "SIGTERM keepalived on $r"
    kill -TERM "$(cat "$RUN/$r.pid")"
  else
    pids="$(cat "$RUN/$r.vrrpd.pid")"
    action "SIGTERM vrrpd on $r"
    kill -TERM "$pids"
  fi
  # shellcheck disable=SC2086
  _wait_gone $pids || log "warning: $r still running 5 s after SIGTERM"
}

# ---------------------------------------------------------------------------------------------
# FRR (zebra + vrrpd per router namespace, all state under $RUN/ROUTER.frr/)

# frr_vrrp ROUTER VRID PRIO VIP [INTERVAL_MS] [VERSION]: one VRRP router of vrrpd on eth0. An IPv6
# VIP (VRRPv3 only) makes the IPv6 half of the VRID (macvlan vrrp6-VRID, MAC 00:00:5e:00:02:VRID,
# instance name vridVRID-v6); call it once per address family for a dual-stack VRID.
frr_vrrp() {
  local r=$1 vrid=$2 prio=$3 vip=$4 int=${5:-1000} version=${6:-3}
  local d="$RUN/$r.frr" vmac mv fam=4 plen=24 kw=ip inst="vrid$vrid" nodad=""
  [[ $vip == *:* ]] && { fam=6; plen=64; kw=ipv6; inst="vrid$vrid-v6"; nodad=nodad; }
  mkdir -p "$d"
  vmac=$(printf '00:00:5e:00:0%d:%02x' $((fam == 6 ? 2 : 1)) "$vrid")
  mv="vrrp$fam-$vrid"
  # the macvlan with the virtual MAC carries the VIP; vrrpd sets it protodown while backup
  ip -n "$REC_NS_PREFIX$r" link add "$mv" link eth0 type macvlan mode bridge ||
    die "cannot create macvlan $mv on $r"
  # FRR: the macvlan's link-local must not be derived from the VMAC (every router would get the
  # same one). FRR's docs use addrgenmode random; we set none and give the vrrp6 macvlan a fixed
  # link-local fe80::5e:VRID(hex):N instead, because vrrpd sends its IPv6 adverts (and zebra its
  # router advertisements) from it: the recordings stay reproducible. (The kernel refuses
  # addrgenmode inside `link add`, and altogether when IPv6 is disabled.)
  if [[ $(ip netns exec "$REC_NS_PREFIX$r" sysctl -n net.ipv6.conf.all.disable_ipv6) == 0 ]]; then
    ip -n "$REC_NS_PREFIX$r" link set dev "$mv" addrgenmode none || die "addrgenmode on $mv failed"
  fi
  ip -n "$REC_NS_PREFIX$r" link set dev "$mv" address "$vmac"
  if [[ $fam == 6 ]]; then
    local ll
    ll=$(printf 'fe80::5e:%x:%x' "$vrid" "$(node_index "$r")")
    ip -n "$REC_NS_PREFIX$r" addr add "$ll/64" dev "$mv" nodad
    printf '%s\t%s\t%s\n' "$r" "$inst" "$ll" >>"$RUN/extra-addrs"
  fi
  # shellcheck disable=SC2086
  ip -n "$REC_NS_PREFIX$r" addr add "$vip/$plen" dev "$mv" $nodad
  ip -n "$REC_NS_PREFIX$r" link set dev "$mv" up
  [[ -f $d/zebra.conf ]] || cat >"$d/zebra.conf" <<EOF
! generated by scripts/record for scenario $SCENARIO
hostname $r
log stdout informational
log timestamp precision 6
EOF
  [[ -f $d/vrrpd.conf ]] || cat >"$d/vrrpd.conf" <<EOF
! generated by scripts/record for scenario $SCENARIO
hostname $r
log stdout debugging
log timestamp precision 6
debug vrrp protocol
EOF
  cat >>"$d/vrrpd.conf" <<EOF

!
interface eth0
 vrrp $vrid version $version
 vrrp $vrid priority $prio
 vrrp $vrid advertisement-interval $int
 vrrp $vrid $kw $vip
!
EOF
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$inst" "$vrid" "$prio" "$version" \
    "$(awk -v i="$int" 'BEGIN{printf "%g", i/1000}')" "$vip" "frr" >>"$RUN/instances"
}

start_frr() {
  local r=$1 d="$RUN/$1.frr"
  echo "frr" >"$RUN/$r.impl"
  mkdir -p "$d/vty"
  chown -R frr:frr "$d" # the daemons drop to user frr
  local i
  if [[ -s $d/zebra.pid ]] && kill -0 "$(cat "$d/zebra.pid")" 2>/dev/null; then
    # zebra survived a stop_router (SIGTERM of vrrpd only): restart vrrpd alone
    printf '%s ===== start vrrpd (zebra still running)\n' "$(now | cut -c1-17)" >>"$RUN/$r.console"
    rm -f "$d/vrrpd.pid"
    action "start vrrpd on $r (zebra still running)"
  else
    printf '%s ===== start zebra + vrrpd\n' "$(now | cut -c1-17)" >>"$RUN/$r.console"
    rm -f "$d/vrrpd.pid" "$d/zebra.pid"
    action "start zebra and vrrpd on $r"
    ip netns exec "$REC_NS_PREFIX$r" /usr/lib/frr/zebra -f "$d/zebra.conf" -i "$d/zebra.pid" \
      -z "$d/zserv.api" --vty_socket "$d/vty" -P 0 --log stdout 2>&1 </dev/null |
      sed -u 's/^/zebra: /' | ts_pipe "$r" &
    bg_track $!
    for i in $(seq 50); do [[ -S $d/zserv.api && -s $d/zebra.pid ]] && break; sleep 0.1; done
    [[ -S $d/zserv.api ]] || die "zebra on $r did not start"
  fi
  ip netns exec "$REC_NS_PREFIX$r" /usr/lib/frr/vrrpd -f "$d/vrrpd.conf" -i "$d/vrrpd.pid" \
    -z "$d/zserv.api" --vty_socket "$d/vty" -P 0 --log stdout 2>&1 </dev/null |
    sed -u 's/^/vrrpd: /' | ts_pipe "$r" &
  bg_track $!
  for i in $(seq 50); do [[ -s $d/vrrpd.pid ]] && break; sleep 0.1; done
  [[ -s $d/vrrpd.pid ]] || die "vrrpd on $r did not start"
  cp "$d/vrrpd.pid" "$RUN/$r.vrrpd.pid"
  cp "$d/zebra.pid" "$RUN/$r.zebra.pid"
}

# ---------------------------------------------------------------------------------------------
# hosts

# host_arp_request HOST IP [COUNT]: ask who-has IP from HOST (arping, plain requests)
host_arp_request() {
  local h=$1 ip=$2 c=${3:-1}
  action "arp request from $h: who-has $ip (arping -b -c $c: $c broadcast request(s), 1 s apart)"
  ip netns exec "$REC_NS_PREFIX$h" arping -b -c "$c" -I eth0 "$ip" 2>&1 | ts_pipe "$h"
}

# ---------------------------------------------------------------------------------------------
# cleanup: everything in vs-* namespaces, our background pipelines, the namespaces themselves

cleanup_all() {
  [[ -n ${RUN:-} && -d ${RUN:-/nonexistent} ]] && stop_capture
  local ns p
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^$REC_NS_PREFIX"); do
    for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
  done
  if [[ -n ${RUN:-} && -f $RUN/bgpids ]]; then
    while read -r p; do kill "$p" 2>/dev/null; done <"$RUN/bgpids"
    rm -f "$RUN/bgpids"
  fi
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^$REC_NS_PREFIX"); do
    ip netns del "$ns" 2>/dev/null
  done
}
