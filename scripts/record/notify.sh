#!/bin/sh
# keepalived notify script. keepalived runs it as
#   notify.sh ROUTER TRANSITIONS_FILE TYPE NAME STATE PRIORITY
# (ROUTER and TRANSITIONS_FILE come from the config line, keepalived appends the rest). It appends
#   EPOCH ROUTER INSTANCE STATE PRIORITY
# to the scenario's transitions log.
t=$(date +%s.%N)
printf '%s %s %s %s %s\n' "$t" "$1" "$4" "$5" "$6" >>"$2"
