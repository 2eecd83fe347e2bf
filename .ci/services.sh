#!/usr/bin/env bash
# Installs (when missing) and starts the real RabbitMQ and PostgreSQL that the integration tests use,
# on a machine without Docker (Debian packages, no systemd), then exports the connection settings
# the tests read. Source it: `. .ci/services.sh`. Idempotent: running services are reused.
set -euo pipefail

need=()
command -v rabbitmq-server >/dev/null 2>&1 || need+=(rabbitmq-server)
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# Deployment checks and publisher examples (tests/Moderation.IntegrationTests/Deploy, Examples):
# docker-compose validates the compose file without an engine; kubectl (Debian's kubernetes-client
# when no other is installed) dry-runs the manifests; Debian's python3 with pika and Node.js run the examples.
command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
command -v kubectl >/dev/null 2>&1 || need+=(kubernetes-client)
[ -f /usr/lib/python3/dist-packages/pika/__init__.py ] || need+=(python3-pika)
command -v node >/dev/null 2>&1 || need+=(nodejs npm)
if [ ${#need[@]} -gt 0 ]; then
  echo "services: installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

# RabbitMQ: -detached returns before the node is up; wait on the pid file, not await_startup.
if ! rabbitmq-diagnostics -q check_running >/dev/null 2>&1; then
  install -d -o rabbitmq -g rabbitmq /run/rabbitmq
  RABBITMQ_PID_FILE=/run/rabbitmq/pid rabbitmq-server -detached
  rabbitmqctl wait --timeout 120 /run/rabbitmq/pid >/dev/null
fi
# A fresh virtual host per run: durable queues left by earlier runs must not slow or confuse this one.
vhost="moderation-ci-$(date +%s)-$$"
rabbitmqctl -q add_vhost "$vhost"
rabbitmqctl -q set_permissions -p "$vhost" guest '.*' '.*' '.*'
export MODERATION_TEST_RABBITMQ="amqp://guest:guest@127.0.0.1:5672/$vhost"
export MODERATION_TEST_RABBITMQ_VHOST="$vhost"

# PostgreSQL: the Debian cluster, a role that may create schemas, one database for the tests.
cluster_version=$(pg_lsclusters -h | awk 'NR==1 {print $1}')
if ! pg_ctlcluster "$cluster_version" main status >/dev/null 2>&1; then
  pg_ctlcluster "$cluster_version" main start
fi
for _ in $(seq 1 60); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
pg_isready -h 127.0.0.1
su postgres -c "psql -q -v ON_ERROR_STOP=1" <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'moderation_test') THEN
    CREATE ROLE moderation_test LOGIN PASSWORD 'moderation_test' CREATEDB;
  END IF;
END
$$;
SELECT 'CREATE DATABASE moderation_test OWNER moderation_test' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'moderation_test')\gexec
SQL
export MODERATION_TEST_POSTGRES="Host=127.0.0.1;Port=5432;Database=moderation_test;Username=moderation_test;Password=moderation_test"
export MODERATION_TEST_CHROMIUM=/usr/bin/chromium

# The Node.js publisher example's one dependency, from its lock file. A failure here is reported by
# the example's test rather than stopping every other test.
if ! (cd deploy/examples/node && npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1); then
  echo "services: npm ci in deploy/examples/node failed; the Node.js example test will fail"
fi
echo "services: RabbitMQ vhost $vhost and PostgreSQL database moderation_test are ready"
