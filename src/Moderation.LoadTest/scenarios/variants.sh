#!/usr/bin/env bash
# A/B of service configurations (warm, 3,000 comments each, flat out) with the service's CPU time
# per comment, after one bus-only baseline run: where does the service's time go?
#   src/Moderation.LoadTest/scenarios/variants.sh
set -uo pipefail
cd "$(dirname "$0")/../../.."
. src/Moderation.LoadTest/scenarios/private-services.sh >/dev/null
. src/Moderation.LoadTest/scenarios/common.sh
[ "${SKIP_BUILD:-0}" = 1 ] || build_all
measure() { # label target pid
  loadtest run --amqp "$LOAD_RABBITMQ" --target "$2" --count 1500 --idle-timeout 20 --settle 1 >/dev/null 2>&1
  local before; before=$(cpu_ticks "$3")
  loadtest run --amqp "$LOAD_RABBITMQ" --target "$2" --count 3000 --idle-timeout 20 --settle 1 --label "$1" 2>/dev/null | grep -E '^throughput' | sed "s/^/$1 /"
  echo "$1 CPU per comment: $(( ($(cpu_ticks "$3") - before) * 10000 / 3000 )) us"
}
echo_start; measure echo baseline "$ECHO_PID"; echo_stop
variant() { local name=$1; shift; service_start "$@" || return; measure "$name" service "$SERVICE_PID"; service_stop; }
variant pg-default
variant pg-nossl ConnectionStrings__Postgres="$LOAD_POSTGRES;SSL Mode=Disable"
variant sqlite ConnectionStrings__Postgres= Moderation__Store__SqlitePath="$LOAD_STATE/variants-$$.db"
variant pg-warnlog Serilog__MinimumLevel__Default=Warning
