#!/bin/sh
# Builds the vSphere peer (vcsim, from Debian's govmomi) and the govmomi reference client
# used by bench/vsphere-sync.ts into .cache/peers/. Idempotent: installs the Debian
# packages only when missing and rebuilds only when a source is newer than its binary.
# Usage: tests/peers/vsphere/install.sh        (as root on Debian 12, or with the packages present)
set -eu

repo=$(cd "$(dirname "$0")/../../.." && pwd)
out="$repo/.cache/peers"
gopath=/usr/share/gocode

missing=""
command -v go >/dev/null 2>&1 || missing="golang-go"
[ -d "$gopath/src/github.com/vmware/govmomi/simulator" ] || missing="$missing golang-github-vmware-govmomi-dev"
if [ -n "$missing" ]; then
  export DEBIAN_FRONTEND=noninteractive
  # shellcheck disable=SC2086 # the package list is meant to split
  apt-get install -y $missing || { apt-get update && apt-get install -y $missing; }
fi

mkdir -p "$out" "$repo/.cache/go-build"

# build <source dir> <binary>: GOPATH mode against Debian's govmomi, no network.
build() {
  if [ -x "$2" ] && [ -z "$(find "$1" -name '*.go' -newer "$2")" ]; then
    return 0
  fi
  echo "building $2" >&2
  (cd "$1" && GOPATH="$gopath" GO111MODULE=off GOCACHE="$repo/.cache/go-build" go build -o "$2" .)
}

build "$repo/tests/peers/vsphere/vcsim" "$out/vcsim"
build "$repo/bench/vsphere/govmomi-reference" "$out/govmomi-reference"
