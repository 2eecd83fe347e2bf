#!/usr/bin/env bash
# A/B of a service setting at steady state, the two sides alternated: each run starts the service
# afresh, warms it up until its CPU per comment settles (warm_up in common.sh), then decides COUNT
# more flat out, and prints the throughput and the CPU per comment of the service and of PostgreSQL
# (from /proc).
#   src/Moderation.LoadTest/scenarios/steady-ab.sh "VAR=value ..." [PAIRS=3] [COUNT=8000]
# e.g. steady-ab.sh "DOTNET_TieredPGO=0"; the default side runs with no extra setting.
set -uo pipefail
cd "$(dirname "$0")/../../.."
. src/Moderation.LoadTest/scenarios/private-services.sh >/dev/null
. src/Moderation.LoadTest/scenarios/common.sh
[ "${SKIP_BUILD:-0}" = 1 ] || build_all
read -ra VARIANT <<< "${1:?give the variant settings, e.g. DOTNET_TieredPGO=0}"
PAIRS=${2:-3}; COUNT=${3:-8000}

measure() { # label
  warm_up service "$SERVICE_PID"
  local service0 postgres0 rate service postgres
  service0=$(cpu_ticks "$SERVICE_PID"); postgres0=$(cpu_ticks $(postgres_pids))
  rate=$(loadtest run --amqp "$LOAD_RABBITMQ" --count "$COUNT" --idle-timeout 30 --settle 1 --label "$1" 2>/dev/null | awk '/^throughput/ {print $2}')
  service=$(( ($(cpu_ticks "$SERVICE_PID") - service0) * 10000 / COUNT ))
  postgres=$(( ($(cpu_ticks $(postgres_pids)) - postgres0) * 10000 / COUNT ))
  echo "$1: $rate, CPU per comment: service $service µs, PostgreSQL $postgres µs"
}

for _ in $(seq 1 "$PAIRS"); do
  service_start || exit 1; measure default; service_stop
  service_start "${VARIANT[@]}" || exit 1; measure variant; service_stop
done
