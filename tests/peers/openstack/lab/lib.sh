# Shared by start.sh, stop.sh, smoke.sh and seed-servers.sh: the environment every
# lab command runs in, the statedir layout, and starting and stopping processes.
# shellcheck shell=bash

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PYTHON=/usr/bin/python3
LAB_PORTS=(4369 5672 25672 5000 8774 8776 8778 9292 9696)
# Stopped last, after every OpenStack service has let go of them.
LAB_INFRASTRUCTURE=(rabbitmq mariadb epmd)
STOP_GRACE_SECONDS=20

# Debian's python3 with Debian's libraries, and nothing from the caller's cloud setup.
lab_reset_environment() {
  export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
  unset PYTHONPATH PYTHONHOME VIRTUAL_ENV PYTHONSTARTUP
  local variable
  for variable in $(compgen -e); do
    if [[ $variable == OS_* ]]; then unset "$variable"; fi
  done
  export LC_ALL=C.UTF-8
  export PYTHONDONTWRITEBYTECODE=1
}

# Exports SKYDECK_OS_* from the lab.env of a started lab (for smoke and seed checks).
lab_export_client_env() {
  if [[ ! -f $STATE/lab.env ]]; then
    echo "openstack lab: no lab.env in $STATE: start the lab first ($LAB_DIR/start.sh $STATE)" >&2
    exit 1
  fi
  set -a
  source "$STATE/lab.env"
  set +a
}

# Sets STATE, ETC, DATA, LOG, RUN, PIDS from the statedir argument.
lab_set_paths() {
  local given=$1
  if [[ ! $given =~ ^[A-Za-z0-9._/-]+$ ]]; then
    echo "openstack lab: statedir '$given' may hold only letters, digits, '.', '_', '-' and '/'" >&2
    exit 2
  fi
  mkdir -p "$given"
  STATE=$(cd "$given" && pwd)
  if [[ $STATE == / ]]; then
    echo "openstack lab: refusing / as statedir" >&2
    exit 2
  fi
  ETC=$STATE/etc
  DATA=$STATE/data
  LOG=$STATE/log
  RUN=$STATE/run
  PIDS=$STATE/pids
  export XDG_CACHE_HOME=$STATE/cache
}

lab_log() {
  printf '%s openstack lab: %s\n' "$(date +%H:%M:%S)" "$*"
}

# Starts a command in its own session (so its PID is also its process group) with
# stdout and stderr appended to log/<name>.log, and records "<name> <pid>" in pids.
lab_spawn() {
  local name=$1
  shift
  setsid "$@" >>"$LOG/$name.log" 2>&1 </dev/null &
  echo "$name $!" >>"$PIDS"
}

lab_pid_of() {
  [[ -f $PIDS ]] || return 1
  awk -v name="$1" '$1 == name { pid = $2 } END { if (pid) print pid; else exit 1 }' "$PIDS"
}

lab_group_alive() {
  kill -0 -- "-$1" 2>/dev/null
}

# True when a pids file exists and every process group in it is alive.
lab_all_running() {
  [[ -s $PIDS ]] || return 1
  local name pid
  while read -r name pid; do
    lab_group_alive "$pid" || return 1
  done <"$PIDS"
}

# Process groups (= sessions) recorded in the pids file, one per line.
lab_recorded_pids() {
  [[ -f $PIDS ]] && awk '{ print $2 }' "$PIDS"
}

# Sends TERM to each given process group, waits up to STOP_GRACE_SECONDS for all of
# them to end, then KILLs those still there.
lab_terminate_groups() {
  (($# > 0)) || return 0
  local pid waited=0 alive
  for pid in "$@"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  while ((waited < STOP_GRACE_SECONDS * 10)); do
    alive=0
    for pid in "$@"; do lab_group_alive "$pid" && alive=1; done
    ((alive)) || return 0
    sleep 0.1
    waited=$((waited + 1))
  done
  for pid in "$@"; do
    if lab_group_alive "$pid"; then
      lab_log "process group $pid ignored TERM for ${STOP_GRACE_SECONDS}s: KILL"
      kill -KILL -- "-$pid" 2>/dev/null || true
    fi
  done
}

# Stops every recorded process group: OpenStack services first, then RabbitMQ,
# MariaDB and epmd. Removes the pids file.
lab_stop_all() {
  [[ -f $PIDS ]] || return 0
  local services=() infrastructure=() name pid
  while read -r name pid; do
    if [[ " ${LAB_INFRASTRUCTURE[*]} " == *" $name "* ]]; then
      infrastructure+=("$pid")
    else
      services+=("$pid")
    fi
  done <"$PIDS"
  lab_terminate_groups "${services[@]}"
  lab_terminate_groups "${infrastructure[@]}"
  rm -f "$PIDS"
}

# Resident memory of every recorded process, in MiB, and how many processes there are.
lab_memory_summary() {
  local sessions
  sessions=$(lab_recorded_pids | paste -sd, -)
  [[ -n $sessions ]] || return 0
  ps -o rss= -s "$sessions" | awk '{ total += $1; count++ } END { printf "%d processes, %d MiB resident\n", count, total / 1024 }'
}
