#!/usr/bin/env bash
# A private RabbitMQ node and PostgreSQL cluster for load and fault runs, on their own ports, so that
# restarting or stopping them never disturbs anyone else's tests on the shared ones.
# Source it: `. src/Moderation.LoadTest/scenarios/private-services.sh` (idempotent). It exports
#   LOAD_RABBITMQ  amqp URI of a fresh vhost on the private node (port 5673)
#   LOAD_POSTGRES  connection string of a fresh database on the private cluster (port 5433)
# and defines the fault helpers rabbit_stop / rabbit_start / pg_stop / pg_start.
set -euo pipefail

export LOAD_STATE=${LOAD_STATE:-/tmp/moderation-load}
export LOAD_RABBIT_PORT=${LOAD_RABBIT_PORT:-5673}
export LOAD_PG_PORT=${LOAD_PG_PORT:-5433}
install -d -o rabbitmq -g rabbitmq "$LOAD_STATE/rabbit" "$LOAD_STATE/rabbit/mnesia" "$LOAD_STATE/rabbit/log"

rabbit_env() {
  env RABBITMQ_NODENAME=loadtest@localhost RABBITMQ_NODE_PORT="$LOAD_RABBIT_PORT" RABBITMQ_DIST_PORT=25673 \
    RABBITMQ_MNESIA_BASE="$LOAD_STATE/rabbit/mnesia" RABBITMQ_LOG_BASE="$LOAD_STATE/rabbit/log" \
    RABBITMQ_PID_FILE="$LOAD_STATE/rabbit/pid" RABBITMQ_ENABLED_PLUGINS_FILE="$LOAD_STATE/rabbit/enabled_plugins" "$@"
}
rabbitctl() { rabbit_env rabbitmqctl -n loadtest@localhost "$@"; }
rabbit_start() {
  if ! rabbitctl -q status >/dev/null 2>&1; then
    [ -f "$LOAD_STATE/rabbit/enabled_plugins" ] || { echo '[].' > "$LOAD_STATE/rabbit/enabled_plugins"; chown rabbitmq "$LOAD_STATE/rabbit/enabled_plugins"; }
    rabbit_env rabbitmq-server -detached
    rabbitctl wait --timeout 120 "$LOAD_STATE/rabbit/pid" >/dev/null
  fi
}
rabbit_stop() { rabbitctl shutdown >/dev/null; }
pg_start() {
  pg_ctlcluster 15 loadtest status >/dev/null 2>&1 || pg_ctlcluster 15 loadtest start
  for _ in $(seq 1 60); do pg_isready -q -h 127.0.0.1 -p "$LOAD_PG_PORT" && return 0; sleep 0.5; done
  return 1
}
pg_stop() { pg_ctlcluster 15 loadtest stop -m fast; }

if ! pg_lsclusters -h | awk '{print $2}' | grep -qx loadtest; then
  pg_createcluster 15 loadtest -p "$LOAD_PG_PORT" >/dev/null
  # Throughput runs are about the service, not fsync latency of a shared disk; durability settings
  # stay at PostgreSQL's defaults (fsync on, synchronous_commit on).
  echo "max_connections = 200" >> /etc/postgresql/15/loadtest/postgresql.conf
fi
rabbit_start
pg_start

# Earlier runs' vhosts and databases go first: each vhost keeps its own queues and message-store
# processes, and a session of runs left dozens behind on the node being measured. (Scenario scripts
# are run one at a time; this would pull the ground from under a second one running at once.)
for old in $(rabbitctl -q list_vhosts | grep '^load-' || true); do rabbitctl -q delete_vhost "$old"; done
for old in $(su postgres -c "psql -p $LOAD_PG_PORT -Atc \"SELECT datname FROM pg_database WHERE datname LIKE 'load\\_%'\""); do
  su postgres -c "psql -p $LOAD_PG_PORT -q -c 'DROP DATABASE \"$old\" WITH (FORCE)'"
done

vhost="load-$(date +%s)-$$"
rabbitctl -q add_vhost "$vhost"
rabbitctl -q set_permissions -p "$vhost" guest '.*' '.*' '.*'
export LOAD_RABBITMQ="amqp://guest:guest@127.0.0.1:$LOAD_RABBIT_PORT/$vhost"
export LOAD_RABBITMQ_VHOST="$vhost"

db="load_$(date +%s)_$$"
su postgres -c "psql -p $LOAD_PG_PORT -q -v ON_ERROR_STOP=1" <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'moderation_load') THEN
    CREATE ROLE moderation_load LOGIN PASSWORD 'moderation_load' CREATEDB;
  END IF;
END
\$\$;
CREATE DATABASE $db OWNER moderation_load;
SQL
export LOAD_POSTGRES="Host=127.0.0.1;Port=$LOAD_PG_PORT;Database=$db;Username=moderation_load;Password=moderation_load"
echo "private services: RabbitMQ vhost $vhost on :$LOAD_RABBIT_PORT, PostgreSQL database $db on :$LOAD_PG_PORT"
set +e
