#!/usr/bin/env bash
# Installs the Debian 12 packages the OpenStack peer lab needs (Zed from bookworm).
# Idempotent and non-interactive; run as root. Installs the python3-* libraries, not
# the service packages, so no postinst wants systemd, debconf answers or a database.
#
# Usage: install.sh            install what is missing (apt-get update once, then install)
#        install.sh --check    exit 0 if everything is installed, 1 if not; change nothing
set -euo pipefail

export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export DEBIAN_FRONTEND=noninteractive

packages=(
  python3-keystone python3-placement python3-nova python3-glance python3-neutron
  python3-cinder python3-openstackclient rabbitmq-server mariadb-server
  uwsgi-core uwsgi-plugin-python3 sqlite3 curl
)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
  [[ "$status" == installed ]] || missing+=("$package")
done

if ((${#missing[@]} == 0)); then
  echo "openstack lab: all ${#packages[@]} packages already installed"
  exit 0
fi
if [[ ${1:-} == --check ]]; then
  echo "openstack lab: missing packages: ${missing[*]}"
  exit 1
fi

if [[ $(id -u) != 0 ]]; then
  echo "openstack lab: installing ${missing[*]} needs root" >&2
  exit 1
fi

# Keep every postinst from starting a service while apt runs.
policy=/usr/sbin/policy-rc.d
created_policy=false
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  created_policy=true
fi
remove_policy() { if $created_policy; then rm -f "$policy"; fi; }
trap remove_policy EXIT

echo "openstack lab: installing ${missing[*]}"
apt-get update -q
apt-get install -y -q --no-install-recommends "${packages[@]}"
echo "openstack lab: packages installed"
