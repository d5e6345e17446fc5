#!/bin/sh
# Stops the vcsim that start.sh recorded in <envfile> (by its PID) and removes its lines.
# Usage: tests/peers/vsphere/stop.sh <envfile>
set -eu

if [ $# -ne 1 ]; then
  echo "usage: $0 <envfile>" >&2
  exit 2
fi
envfile=$1
[ -f "$envfile" ] || exit 0
pid=$(grep '^SKYDECK_VCSIM_PID=' "$envfile" | tail -n 1 | cut -d= -f2)
if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
  kill "$pid"
  tries=0
  while kill -0 "$pid" 2>/dev/null && [ "$tries" -lt 50 ]; do
    tries=$((tries + 1))
    sleep 0.2
  done
  kill -9 "$pid" 2>/dev/null || true
fi
kept=$(grep -v '^SKYDECK_VCSIM_' "$envfile" || true)
if [ -n "$kept" ]; then printf '%s\n' "$kept" >"$envfile"; else : >"$envfile"; fi
