#!/usr/bin/env bash
# Stops the OpenStack lab of <statedir>: every process group recorded in <statedir>/pids
# gets TERM (OpenStack services first, then RabbitMQ, MariaDB and epmd), and KILL if
# it is still there after a grace period. Data stay in <statedir> for the next start.
#
# Usage: stop.sh <statedir>
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if (($# != 1)); then
  echo "usage: $0 <statedir>" >&2
  exit 2
fi
lab_reset_environment
lab_set_paths "$1"

if [[ ! -f $PIDS ]]; then
  lab_log "nothing recorded as running in $STATE"
  exit 0
fi
started=$SECONDS
sessions=$(lab_recorded_pids | paste -sd, -)
lab_stop_all
lab_log "stopped in $((SECONDS - started))s"

# Proof that nothing is left: no process in the lab's sessions, no lab port open.
leftovers=$(ps -o pid=,args= -s "$sessions" || true)
listening=$(ss -Htln | awk '{ print $4 }' | grep -E "^127\.0\.0\.1:($(IFS='|'; echo "${LAB_PORTS[*]}"))$" || true)
if [[ -n $leftovers || -n $listening ]]; then
  lab_log "still running after stop: ${leftovers:-none}; ports still open: ${listening:-none}"
  exit 1
fi
lab_log "no lab process left, ports ${LAB_PORTS[*]} closed"
