#!/usr/bin/env bash
# Makes the demo project of the running lab in <statedir> hold <count> ACTIVE servers
# on the fake driver (see python/seed_servers.py): creates or deletes seed servers
# as needed; a count of 0 removes them all.
#
# Usage: seed-servers.sh <statedir> <count>
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if (($# != 2)) || [[ ! $2 =~ ^[0-9]+$ ]]; then
  echo "usage: $0 <statedir> <count>" >&2
  exit 2
fi
lab_reset_environment
lab_set_paths "$1"
lab_export_client_env
exec "$PYTHON" "$LAB_DIR/python/seed_servers.py" "$2"
