# shellcheck shell=bash disable=SC2034
NEEDS="arping"
SUMMARY="auth_type PASS, passwords secret1 vs secret2 (in clear on the wire): both master."
VERDICT="Authentication mismatch; dual master from {T:r2:MASTER} to the end."
DESCRIPTION="keepalived pair, VRRPv2, VRID 51, simple password authentication (auth_type PASS) with different passwords: r1 (priority 150) 'secret1', r2 (priority 100) 'secret2'. The password travels in clear in the adverts. Host h1 asks for the VIP near the end."
EXPECT="Every advert carries auth type 1 (simple text password) with the password in clear: 'secret1' from 10.99.0.1, 'secret2' from 10.99.0.2. r1 becomes master at {T:r1:MASTER}. r2 rejects r1's adverts (keepalived: 'received an invalid passwd!') and becomes master too at {T:r2:MASTER}; r1 rejects r2's. Dual master caused by mismatched authentication from {T:r2:MASTER} to the end. r2 advertises only now and then ({NADV:r2} adverts, at {ADV:r2}) because keepalived re-arms its advert timer on every advert it receives for its VRID, even rejected ones; its GARP bursts and the two replies to h1's request for 10.99.0.100 at {A:arp-h1} (from 02:99:00:00:00:01 and 02:99:00:00:00:02) show it. The analyzer should report the authentication mismatch (different passwords on VRID 51) and the dual master."
setup() {
  add_router r1; add_router r2; add_host h1
  ka_instance r1 VI_1 vrid=51 prio=150 auth=PASS:secret1 vips=10.99.0.100/24
  ka_instance r2 VI_1 vrid=51 prio=100 auth=PASS:secret2 vips=10.99.0.100/24
}
run() {
  start_keepalived r1
  start_keepalived r2
  sleep 13
  host_arp_request h1 10.99.0.100 1
  sleep 2
}
