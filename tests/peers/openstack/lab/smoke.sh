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
lab_export_client_env
exec "$PYTHON" "$LAB_DIR/python/smoke.py"
