#!/usr/bin/env bash
# Smoke check of the running lab in <statedir> (see python/smoke.py for the checks).
# Exits non-zero if any check fails. Leaves nothing behind in the cloud.
#
# Usage: smoke.sh <statedir>
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if (($# != 1)); then
  echo "usage: $0 <statedir>" >&2
  exit 2
fi
lab_reset_environment
lab_set_paths "$1"
if [[ ! -f $STATE/lab.env ]]; then
  echo "openstack lab: no lab.env in $STATE: start the lab first ($LAB_DIR/start.sh $STATE)" >&2
  exit 1
fi
set -a
source "$STATE/lab.env"
set +a
exec "$PYTHON" "$LAB_DIR/python/smoke.py"
