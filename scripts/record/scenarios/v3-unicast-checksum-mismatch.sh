# shellcheck shell=bash disable=SC2034
SUMMARY="VRRPv3 unicast; r1 old_unicast_checksum, r2 'never': r1's checksums are bad, each drops the other: both master."
VERDICT="Checksum incompatibility (r1's adverts bad checksum); dual master from {T:r2:MASTER} to the end."
DESCRIPTION="keepalived pair, VRRPv3 unicast (VRID 51, advert_int 1 s), with different checksum styles: r1 (priority 150) has old_unicast_checksum (pseudo-header destination 224.0.0.18, as keepalived <= 1.3.6 did), r2 (priority 100) has old_unicast_checksum never (pseudo-header with the real unicast destination, no auto-detection). Each rejects the other's adverts as bad checksum: both become master."
EXPECT="Unicast VRRPv3 adverts between 10.99.0.1 and 10.99.0.2. r1's adverts (to 10.99.0.2) carry a checksum computed over a pseudo-header with destination 224.0.0.18: checked against the real destination they are BAD (tshark flags them); r2's adverts (to 10.99.0.1) use the real destination and are good. r1 becomes master at {T:r1:MASTER}; r2 discards r1's adverts (keepalived logs the invalid checksum) and becomes master too at {T:r2:MASTER}; r1 also rejects r2's adverts. Dual master from {T:r2:MASTER} to the end, caused by a checksum incompatibility, not by a failure."
setup() {
  add_router r1; add_router r2
  ka_instance r1 VI_1 vrid=51 prio=150 version=3 unicast_src=10.99.0.1 unicast_peers=10.99.0.2 vips=10.99.0.100/24 extra=old_unicast_checksum
  ka_instance r2 VI_1 vrid=51 prio=100 version=3 unicast_src=10.99.0.2 unicast_peers=10.99.0.1 vips=10.99.0.100/24 "extra=old_unicast_checksum never"
}
run() {
  start_keepalived r1
  start_keepalived r2
  sleep 16
}
