#!/bin/sh
# Starts vcsim in the background on 127.0.0.1 (HTTPS, self-signed), waits until it answers,
# and writes its address, credentials, certificate fingerprint and PID to <envfile> as
# SKYDECK_VCSIM_URL/USER/PASSWORD/FINGERPRINT/PID/LOG lines (other lines in the file are kept).
# Usage: tests/peers/vsphere/start.sh <envfile> [vcsim model flags, e.g. -dc 4 -cluster 5 -host 10 -vm 250]
set -eu

if [ $# -lt 1 ]; then
  echo "usage: $0 <envfile> [model flags]" >&2
  exit 2
fi
envfile=$1
shift

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
bin="$repo/.cache/peers/vcsim"
[ -x "$bin" ] || "$here/install.sh"

logdir="$repo/.cache/peers/logs"
mkdir -p "$logdir"
log="$logdir/vcsim-$(date +%Y%m%d-%H%M%S)-$$.log"
urlfile="$log.url"

"$bin" "$@" >"$urlfile" 2>"$log" &
pid=$!

# vcsim prints its URL once it listens; big models take a few seconds to build.
tries=0
until [ -s "$urlfile" ]; do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "vcsim exited before it listened; see $log" >&2
    tail -n 20 "$log" >&2
    exit 1
  fi
  tries=$((tries + 1))
  if [ "$tries" -gt 600 ]; then
    echo "vcsim did not start within 120 s; see $log" >&2
    kill "$pid" 2>/dev/null || true
    exit 1
  fi
  sleep 0.2
done

# "https://user:pass@127.0.0.1:PORT/sdk" → address, user and password; then the
# certificate's SHA-256 fingerprint, read over TLS (this also proves it answers).
facts=$(node -e '
const tls = require("node:tls");
const u = new URL(process.argv[1].trim());
const s = tls.connect({ host: u.hostname, port: Number(u.port), rejectUnauthorized: false }, () => {
  const fp = s.getPeerCertificate().fingerprint256;
  s.end();
  const user = decodeURIComponent(u.username), password = decodeURIComponent(u.password);
  u.username = ""; u.password = "";
  console.log(`SKYDECK_VCSIM_URL=${u.href}`);
  console.log(`SKYDECK_VCSIM_USER=${user}`);
  console.log(`SKYDECK_VCSIM_PASSWORD=${password}`);
  console.log(`SKYDECK_VCSIM_FINGERPRINT=${fp}`);
});
s.on("error", (e) => { console.error(`vcsim does not answer TLS: ${e.message}`); process.exit(1); });
' "$(head -n 1 "$urlfile")") || {
  kill "$pid" 2>/dev/null || true
  exit 1
}

touch "$envfile"
kept=$(grep -v '^SKYDECK_VCSIM_' "$envfile" || true)
{
  [ -n "$kept" ] && printf '%s\n' "$kept"
  printf '%s\n' "$facts"
  echo "SKYDECK_VCSIM_PID=$pid"
  echo "SKYDECK_VCSIM_LOG=$log"
} >"$envfile"
echo "vcsim $pid listening at $(grep '^SKYDECK_VCSIM_URL=' "$envfile" | cut -d= -f2-)" >&2
