#!/usr/bin/env bash
# Starts a real OpenStack Zed control plane (Keystone, Placement, Nova on the fake
# driver, Neutron without agents, Glance, Cinder on a fake backend) on 127.0.0.1,
# with every file in <statedir>. Needs the packages of install.sh.
#
# Usage: start.sh <statedir>
#
# First start: builds config, databases and seed data (70-100 s on 2 busy cores).
# Later starts on the same statedir reuse the databases (faster path, 25-40 s). A statedir
# whose first start never completed has its data wiped and is started afresh.
# If the lab in <statedir> is already running, says so and exits 0.
# On any failure, stops what it started and prints the tail of the failing log.
# SKYDECK_LAB_API_TIMEOUT (default 420 s) bounds each wait for a service,
# SKYDECK_LAB_BACKEND_TIMEOUT (600 s) the wait for the hypervisor and volume pool.
set -Eeuo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

API_TIMEOUT_SECONDS=${SKYDECK_LAB_API_TIMEOUT:-420}
BACKEND_TIMEOUT_SECONDS=${SKYDECK_LAB_BACKEND_TIMEOUT:-600}
STATE_MARKER=.skydeck-openstack-lab
READY_MARKER=data/initialised

usage() {
  echo "usage: $0 <statedir>" >&2
  exit 2
}

# ---------------------------------------------------------------- failure handling

CURRENT_LOG=
SCHEMA_JOBS=()  # background schema chains, ended too if the start fails

lab_fail() {
  local name=$1 message=$2
  lab_log "FAILED: $message"
  if [[ -f $LOG/$name.log ]]; then
    echo "----- last lines of $LOG/$name.log -----"
    tail -n 40 "$LOG/$name.log"
    echo "-----"
  fi
  CURRENT_LOG=
SCHEMA_JOBS=()  # background schema chains, ended too if the start fails
  exit 1
}

on_error() {
  lab_log "FAILED: '$BASH_COMMAND' exited with $1"
  if [[ -n $CURRENT_LOG && -f $CURRENT_LOG ]]; then
    echo "----- last lines of $CURRENT_LOG -----"
    tail -n 40 "$CURRENT_LOG"
    echo "-----"
  fi
  CURRENT_LOG=
SCHEMA_JOBS=()  # background schema chains, ended too if the start fails
}

on_exit() {
  local status=$?
  ((status == 0)) && return
  lab_log "stopping what was started"
  local job
  for job in "${SCHEMA_JOBS[@]}"; do
    pkill -TERM -P "$job" 2>/dev/null || true
    kill -TERM "$job" 2>/dev/null || true
  done
  lab_stop_all
  lab_log "start failed (exit $status); logs are in $LOG"
}

# ---------------------------------------------------------------- helpers

http_answers() {
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$1") || return 1
  [[ $code =~ ^[234] ]]
}

tcp_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

mariadb_answers() {
  mariadb-admin --defaults-file="$ETC/mariadb/my.cnf" -uroot ping >/dev/null 2>&1
}

# wait_for <service> <timeout> <what> <check command...>: polls once a second, fails
# at once if the service's process group is gone.
wait_for() {
  local name=$1 timeout=$2 what=$3
  shift 3
  local started=$SECONDS next_report=$((SECONDS + 15)) pid
  pid=$(lab_pid_of "$name")
  until "$@"; do
    lab_group_alive "$pid" || lab_fail "$name" "$name exited while starting ($what)"
    ((SECONDS - started <= timeout)) || lab_fail "$name" "$what not ready after ${timeout}s"
    if ((SECONDS >= next_report)); then
      lab_log "  still waiting for $what ($((SECONDS - started))s)"
      next_report=$((SECONDS + 15))
    fi
    sleep 1
  done
  lab_log "$what ready ($((SECONDS - started))s)"
}

# run_step <log name> <command...>: a one-shot command with its output in log/<name>.log.
run_step() {
  local name=$1
  shift
  CURRENT_LOG=$LOG/$name.log
  "$@" >>"$LOG/$name.log" 2>&1 || lab_fail "$name" "$name failed"
  CURRENT_LOG=
SCHEMA_JOBS=()  # background schema chains, ended too if the start fails
}

# launch <module:function> <program> <arguments...>: an OpenStack command under Debian's python3.
launch() {
  "$PYTHON" "$LAB_DIR/python/launch.py" "$@"
}

bootstrap() {
  SKYDECK_LAB_ADMIN_PASSWORD=$ADMIN_PASSWORD SKYDECK_LAB_DEMO_PASSWORD=$DEMO_PASSWORD \
    SKYDECK_LAB_SERVICE_PASSWORD=$SERVICE_PASSWORD "$PYTHON" "$LAB_DIR/python/bootstrap.py" "$@"
}

nova_manage() {
  launch nova.cmd.manage:main nova-manage --config-file "$ETC/nova/nova.conf" \
    --config-file "$ETC/nova/nova-db.conf" "$@"
}

random_secret() {
  head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n'
}

# ---------------------------------------------------------------- state and config

prepare_statedir() {
  if [[ ! -f $STATE/$STATE_MARKER ]]; then
    if [[ -n $(ls -A "$STATE") ]]; then
      echo "openstack lab: $STATE is not empty and is not a lab statedir; give an empty or new folder" >&2
      exit 2
    fi
    touch "$STATE/$STATE_MARKER"
  fi
  if [[ ! -f $STATE/$READY_MARKER && -d $DATA ]]; then
    lab_log "previous first start did not complete: wiping $DATA"
    rm -rf "$DATA"
  fi
  mkdir -p "$ETC" "$DATA" "$LOG" "$RUN" "$STATE/python" \
    "$DATA"/{keystone,glance,neutron,nova,cinder,rabbitmq}
}

load_secrets() {
  local secrets=$STATE/secrets.env
  if [[ ! -f $secrets ]]; then
    printf 'ADMIN_PASSWORD=%s\nDEMO_PASSWORD=%s\nSERVICE_PASSWORD=%s\n' \
      "$(random_secret)" "$(random_secret)" "$(random_secret)" >"$secrets"
  fi
  source "$secrets"
}

database_url() {
  echo "mysql+pymysql://root@localhost/$1?unix_socket=$RUN/mysqld.sock&charset=utf8mb4"
}

# render <template> <destination>: fills @STATE@, @SERVICE_PASSWORD@ and
# @DATABASE:<name>@, and expands each "@SERVICE_AUTH:<user>@" line into the
# credentials of that service user.
render() {
  local database_pattern
  database_pattern=$(database_url '\1')
  database_pattern=${database_pattern//&/\\&}
  awk -v auth="$LAB_DIR/templates/service-auth.conf" '
    /^@SERVICE_AUTH:[a-z]+@$/ {
      user = substr($0, 15, length($0) - 15)
      while ((getline line < auth) > 0) { gsub(/@USERNAME@/, user, line); print line }
      close(auth)
      next
    }
    { print }' "$LAB_DIR/templates/$1" |
    sed -e "s|@DATABASE:\([a-z0-9_]*\)@|$database_pattern|g" \
      -e "s|@STATE@|$STATE|g" -e "s|@SERVICE_PASSWORD@|$SERVICE_PASSWORD|g" >"$2"
}

write_config() {
  mkdir -p "$ETC"/{keystone,placement,glance,neutron,nova,cinder,rabbitmq,mariadb}
  render keystone.conf "$ETC/keystone/keystone.conf"
  render placement.conf "$ETC/placement/placement.conf"
  render glance-api.conf "$ETC/glance/glance-api.conf"
  render glance-api-paste.ini "$ETC/glance/glance-api-paste.ini"
  render neutron.conf "$ETC/neutron/neutron.conf"
  render ml2_conf.ini "$ETC/neutron/ml2_conf.ini"
  render neutron-api-paste.ini "$ETC/neutron/api-paste.ini"
  render nova.conf "$ETC/nova/nova.conf"
  render nova-db.conf "$ETC/nova/nova-db.conf"
  render nova-api-paste.ini "$ETC/nova/api-paste.ini"
  render cinder.conf "$ETC/cinder/cinder.conf"
  render cinder-api-paste.ini "$ETC/cinder/api-paste.ini"
  render rabbitmq.conf "$ETC/rabbitmq/rabbitmq.conf"
  render my.cnf "$ETC/mariadb/my.cnf"
  echo '[].' >"$ETC/rabbitmq/enabled_plugins"
  : >"$ETC/rabbitmq/rabbitmq-env.conf"
  # The ML2 driver, installed (module + entry point) where only neutron-server looks.
  rm -rf "$STATE/python/neutron"
  cp -r "$LAB_DIR/python/ml2" "$STATE/python/neutron"
}

check_ports_free() {
  local port holder
  for port in "${LAB_PORTS[@]}"; do
    holder=$(ss -Htlnp "sport = :$port" || true)
    if [[ -n $holder ]]; then
      echo "openstack lab: port $port is already in use: $holder" >&2
      exit 1
    fi
  done
}

# ---------------------------------------------------------------- infrastructure

start_epmd() {
  lab_spawn epmd epmd -address 127.0.0.1 -port 4369
}

start_rabbitmq() {
  lab_spawn rabbitmq env HOME="$DATA/rabbitmq" \
    RABBITMQ_CONF_ENV_FILE="$ETC/rabbitmq/rabbitmq-env.conf" \
    RABBITMQ_CONFIG_FILE="$ETC/rabbitmq/rabbitmq.conf" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$ETC/rabbitmq/enabled_plugins" \
    RABBITMQ_MNESIA_BASE="$DATA/rabbitmq/mnesia" \
    RABBITMQ_LOG_BASE="$LOG/rabbitmq" \
    RABBITMQ_NODENAME=skydeck-lab@localhost \
    RABBITMQ_DIST_PORT=25672 \
    ERL_EPMD_ADDRESS=127.0.0.1 ERL_EPMD_PORT=4369 \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS='-kernel inet_dist_use_interface {127,0,0,1}' \
    /usr/lib/rabbitmq/bin/rabbitmq-server
}

start_mariadb() {
  if [[ ! -d $DATA/mysql/mysql ]]; then
    run_step mariadb-install mariadb-install-db --defaults-file="$ETC/mariadb/my.cnf" \
      --auth-root-authentication-method=normal --skip-test-db
  fi
  lab_spawn mariadb mariadbd --defaults-file="$ETC/mariadb/my.cnf"
}

# ---------------------------------------------------------------- databases
# Every service keeps its data in MariaDB (unix socket only). SQLite was tried first:
# even single-process Keystone then fails now and then with "database is locked".

DATABASES=(keystone placement glance neutron nova_api nova_cell0 nova_cell1 cinder)

create_databases() {
  local name statements=
  for name in "${DATABASES[@]}"; do statements+="CREATE DATABASE IF NOT EXISTS $name; "; done
  run_step mariadb-init mariadb --defaults-file="$ETC/mariadb/my.cnf" -uroot -e "$statements"
}

init_keystone() {
  local conf=$ETC/keystone/keystone.conf
  run_step keystone-init keystone-manage --config-file "$conf" db_sync
  run_step keystone-init keystone-manage --config-file "$conf" fernet_setup \
    --keystone-user root --keystone-group root
  run_step keystone-init keystone-manage --config-file "$conf" credential_setup \
    --keystone-user root --keystone-group root
  OS_BOOTSTRAP_PASSWORD=$ADMIN_PASSWORD run_step keystone-init \
    keystone-manage --config-file "$conf" bootstrap \
    --bootstrap-username admin --bootstrap-project-name admin \
    --bootstrap-admin-url http://127.0.0.1:5000/v3 \
    --bootstrap-internal-url http://127.0.0.1:5000/v3 \
    --bootstrap-public-url http://127.0.0.1:5000/v3 \
    --bootstrap-region-id RegionOne
}

init_placement_glance_neutron() {
  run_step placement-init placement-manage --config-file "$ETC/placement/placement.conf" db sync
  run_step glance-init launch glance.cmd.manage:main glance-manage \
    --config-file "$ETC/glance/glance-api.conf" db_sync
  run_step neutron-init launch neutron.db.migration.cli:main neutron-db-manage \
    --config-file "$ETC/neutron/neutron.conf" --config-file "$ETC/neutron/ml2_conf.ini" \
    upgrade heads
}

init_nova_cinder() {
  run_step nova-init nova_manage api_db sync
  run_step nova-init nova_manage cell_v2 map_cell0 --database_connection "$(database_url nova_cell0)"
  run_step nova-init nova_manage db sync
  run_step nova-init nova_manage cell_v2 create_cell --name cell1
  run_step cinder-init launch cinder.cmd.manage:main cinder-manage \
    --config-file "$ETC/cinder/cinder.conf" db sync
}

# ---------------------------------------------------------------- OpenStack services

# spawn_uwsgi <name> <port> <module:factory> [VAR=value...] [-- <arguments for the app>]
# One single-threaded process (SQLite objects must stay on their thread), answering
# with "Connection: close": uwsgi's http-socket has no keep-alive, and clients that
# pool connections would otherwise reuse dead ones.
spawn_uwsgi() {
  local name=$1 port=$2 factory=$3
  shift 3
  local environment=() app_arguments=()
  while (($#)); do
    if [[ $1 == -- ]]; then
      shift
      app_arguments=(--pyargv "$*")
      break
    fi
    environment+=("$1")
    shift
  done
  lab_spawn "$name" env SKYDECK_LAB_WSGI_FACTORY="$factory" "${environment[@]}" \
    uwsgi --plugins python3 --http-socket "127.0.0.1:$port" \
    --wsgi-file "$LAB_DIR/python/wsgi_app.py" "${app_arguments[@]}" \
    --master --processes 1 --enable-threads --lazy-apps --need-app --die-on-term \
    --buffer-size 65535 --add-header 'Connection: close' \
    --worker-reload-mercy 5 --reload-mercy 5
}

# spawn_python <name> <module:function> [VAR=value...] -- <arguments...>
spawn_python() {
  local name=$1 target=$2
  shift 2
  local environment=()
  while [[ $1 != -- ]]; do
    environment+=("$1")
    shift
  done
  shift
  lab_spawn "$name" env "${environment[@]}" "$PYTHON" "$LAB_DIR/python/launch.py" \
    "$target" "$name" "$@"
}

start_keystone() {
  spawn_uwsgi keystone 5000 keystone.server.wsgi:initialize_public_application \
    OS_KEYSTONE_CONFIG_DIR="$ETC/keystone"
}

start_placement_glance_neutron() {
  spawn_uwsgi placement 8778 placement.wsgi:init_application \
    OS_PLACEMENT_CONFIG_DIR="$ETC/placement"
  spawn_python glance-api glance.cmd.api:main -- --config-file "$ETC/glance/glance-api.conf"
  spawn_python neutron-server neutron.cmd.eventlet.server:main \
    PYTHONPATH="$STATE/python/neutron" -- \
    --config-file "$ETC/neutron/neutron.conf" --config-file "$ETC/neutron/ml2_conf.ini"
}

start_nova_and_cinder() {
  local nova=(--config-file "$ETC/nova/nova.conf" --config-file "$ETC/nova/nova-db.conf")
  local cinder=(--config-file "$ETC/cinder/cinder.conf")
  spawn_uwsgi nova-api 8774 nova.api.openstack.compute.wsgi:init_application \
    OS_NOVA_CONFIG_DIR="$ETC/nova" 'OS_NOVA_CONFIG_FILES=api-paste.ini;nova.conf;nova-db.conf'
  spawn_python nova-conductor nova.cmd.conductor:main -- "${nova[@]}"
  spawn_python nova-scheduler nova.cmd.scheduler:main -- "${nova[@]}"
  # nova-compute must not see a database; its PYTHONPATH brings the snapshot patch.
  spawn_python nova-compute nova.cmd.compute:main \
    PYTHONPATH="$LAB_DIR/python/nova-compute" -- --config-file "$ETC/nova/nova.conf"
  spawn_uwsgi cinder-api 8776 cinder.wsgi.wsgi:initialize_application -- "${cinder[@]}"
  spawn_python cinder-scheduler cinder.cmd.scheduler:main -- "${cinder[@]}"
  spawn_python cinder-volume cinder.cmd.volume:main \
    PYTHONPATH="$LAB_DIR/python/cinder" -- "${cinder[@]}"
}

wait_for_apis() {
  wait_for placement "$API_TIMEOUT_SECONDS" 'Placement API :8778' http_answers http://127.0.0.1:8778/
  wait_for glance-api "$API_TIMEOUT_SECONDS" 'Glance API :9292' http_answers http://127.0.0.1:9292/
  wait_for neutron-server "$API_TIMEOUT_SECONDS" 'Neutron API :9696' http_answers http://127.0.0.1:9696/
  wait_for nova-api "$API_TIMEOUT_SECONDS" 'Nova API :8774' http_answers http://127.0.0.1:8774/
  wait_for cinder-api "$API_TIMEOUT_SECONDS" 'Cinder API :8776' http_answers http://127.0.0.1:8776/
}

check_all_alive() {
  local name pid
  while read -r name pid; do
    lab_group_alive "$pid" || lab_fail "$name" "$name exited during start"
  done <"$PIDS"
}

# ---------------------------------------------------------------- client files

write_client_files() {
  local cloud user password project
  {
    echo 'clouds:'
    for cloud in admin demo; do
      if [[ $cloud == admin ]]; then password=$ADMIN_PASSWORD; else password=$DEMO_PASSWORD; fi
      user=$cloud project=$cloud
      cat <<EOF
  skydeck-$cloud:
    auth:
      auth_url: http://127.0.0.1:5000/v3
      username: $user
      password: $password
      project_name: $project
      user_domain_name: Default
      project_domain_name: Default
    region_name: RegionOne
    interface: public
    identity_api_version: 3
EOF
    done
  } >"$STATE/clouds.yaml"
  cat >"$STATE/lab.env" <<EOF
SKYDECK_OS_AUTH_URL=http://127.0.0.1:5000/v3
SKYDECK_OS_REGION=RegionOne
SKYDECK_OS_USER_DOMAIN=Default
SKYDECK_OS_PROJECT_DOMAIN=Default
SKYDECK_OS_ADMIN_USER=admin
SKYDECK_OS_ADMIN_PASSWORD=$ADMIN_PASSWORD
SKYDECK_OS_ADMIN_PROJECT=admin
SKYDECK_OS_DEMO_USER=demo
SKYDECK_OS_DEMO_PASSWORD=$DEMO_PASSWORD
SKYDECK_OS_DEMO_PROJECT=demo
SKYDECK_OS_CLOUDS_YAML=$STATE/clouds.yaml
EOF
}

# ---------------------------------------------------------------- main

main() {
  (($# == 1)) || usage
  lab_reset_environment
  lab_set_paths "$1"
  umask 077
  "$LAB_DIR/install.sh" --check >/dev/null ||
    { echo "openstack lab: packages missing: run $LAB_DIR/install.sh as root first" >&2; exit 1; }

  if lab_all_running && [[ -f $STATE/lab.env ]]; then
    lab_log "already running in $STATE ($(lab_memory_summary))"
    exit 0
  fi
  lab_stop_all
  check_ports_free
  prepare_statedir
  load_secrets
  write_config

  local started=$SECONDS fresh=false
  [[ -f $STATE/$READY_MARKER ]] || fresh=true
  trap 'on_error $?' ERR
  trap on_exit EXIT
  lab_log "starting in $STATE ($($fresh && echo 'first start' || echo 'restart on existing databases'))"

  start_mariadb
  start_epmd
  start_rabbitmq
  wait_for mariadb "$API_TIMEOUT_SECONDS" 'MariaDB' mariadb_answers

  local placement_glance_neutron_init= nova_cinder_init=
  if $fresh; then
    create_databases
    # Three schema chains side by side; Keystone's first, so seeding can start.
    init_placement_glance_neutron &
    placement_glance_neutron_init=$!
    init_nova_cinder &
    nova_cinder_init=$!
    SCHEMA_JOBS=("$placement_glance_neutron_init" "$nova_cinder_init")
    init_keystone
  fi
  start_keystone
  wait_for keystone "$API_TIMEOUT_SECONDS" 'Keystone :5000' http_answers http://127.0.0.1:5000/v3
  run_step bootstrap bootstrap identity
  if $fresh; then
    wait "$placement_glance_neutron_init" ||
      lab_fail init "creating the Placement, Glance or Neutron schema failed"
    wait "$nova_cinder_init" || lab_fail init "creating the Nova or Cinder schema failed"
  fi
  start_placement_glance_neutron
  wait_for rabbitmq "$API_TIMEOUT_SECONDS" 'RabbitMQ :5672' tcp_open 5672
  start_nova_and_cinder
  wait_for_apis

  lab_log "waiting for the compute host and the volume backend"
  run_step bootstrap bootstrap wait-backends "$BACKEND_TIMEOUT_SECONDS"
  run_step nova-init nova_manage cell_v2 discover_hosts
  run_step bootstrap bootstrap cloud
  check_all_alive
  write_client_files
  touch "$STATE/$READY_MARKER"
  trap - EXIT ERR

  lab_log "ready in $((SECONDS - started))s: $(lab_memory_summary)"
  lab_log "credentials: $STATE/lab.env and $STATE/clouds.yaml (clouds skydeck-admin, skydeck-demo)"
}

main "$@"
