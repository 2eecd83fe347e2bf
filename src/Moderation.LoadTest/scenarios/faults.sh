#!/usr/bin/env bash
# Fault scenarios against the private RabbitMQ node and PostgreSQL cluster (never the shared ones):
# each publishes comments at a steady rate, injects its fault FAULT_AT seconds in, and lets the load
# tool check afterwards that every comment has exactly one decision (events and store) and that only
# the poison messages sit in the error queue, with a reason.
#   src/Moderation.LoadTest/scenarios/faults.sh [scenario ...]
#   scenarios: kill rabbit postgres poison burst sigterm (default: all), and postgres-short-retry:
#   the postgres scenario with the store-outage retry tier switched off, to show what it is for
#   (expected to FAIL: comments parked in the error queue with the database error as the reason).
set -uo pipefail
cd "$(dirname "$0")/../../.."
. src/Moderation.LoadTest/scenarios/private-services.sh
. src/Moderation.LoadTest/scenarios/common.sh
RATE=${RATE:-100}; COUNT=${COUNT:-6000}; FAULT_AT=${FAULT_AT:-15}
OUT=${OUT:-$LOAD_STATE/faults-$(date +%H%M%S).jsonl}
[ "${SKIP_BUILD:-0}" = 1 ] || build_all
scenarios=("$@"); [ ${#scenarios[@]} -gt 0 ] || scenarios=(kill rabbit postgres poison burst sigterm)

# Start the load in the background; the fault runs in the foreground meanwhile.
load() {
  local label=$1; shift
  loadtest run --amqp "$LOAD_RABBITMQ" --postgres "$LOAD_POSTGRES" --count "$COUNT" --rate "$RATE" \
    --idle-timeout 150 --settle 5 --label "$label" --json "$OUT" "$@" > "$LOAD_STATE/$label.out" 2> "$LOAD_STATE/$label.err" &
  LOAD_PID=$!
}
finish() {
  local label=$1
  wait "$LOAD_PID"; local rc=$?
  echo "== $label (exit $rc)"
  grep -vE '^\{' "$LOAD_STATE/$label.out"
}
at() { sleep "$FAULT_AT"; echo "$(date +%T) $*"; }

service_start || exit 1
for scenario in "${scenarios[@]}"; do
  case $scenario in
    kill)     # the service SIGKILLed mid-load, restarted 3 s later
      load kill; at "SIGKILL service"; service_stop KILL; sleep 3; service_start; finish kill ;;
    rabbit)   # RabbitMQ shut down mid-load and started again (about 10-20 s without a broker)
      load rabbit; at "RabbitMQ shutdown"; rabbit_stop; sleep 5; rabbit_start; echo "$(date +%T) RabbitMQ up"; finish rabbit ;;
    postgres) # PostgreSQL stopped for 30 s mid-load
      load postgres; at "PostgreSQL stop"; pg_stop; sleep 30; pg_start; echo "$(date +%T) PostgreSQL up"; finish postgres ;;
    postgres-short-retry)
      service_stop; service_start Moderation__Bus__StoreOutageRetryWindow=00:00:00
      load postgres-short-retry; at "PostgreSQL stop"; pg_stop; sleep 30; pg_start; echo "$(date +%T) PostgreSQL up"; finish postgres-short-retry
      service_stop; service_start ;;
    poison)   # one unreadable message after every 100 good ones
      load poison --poison-every 100; finish poison ;;
    burst)    # 10x the rate for 10 s
      load burst --burst-at "$FAULT_AT" --burst-for 10 --burst-factor 10; finish burst ;;
    sigterm)  # graceful shutdown mid-load: in-flight messages finish or go back to the queue
      load sigterm; at "SIGTERM service"; t0=$(date +%s.%N); service_stop TERM
      echo "service stopped in $(echo "$(date +%s.%N) - $t0" | bc) s"; service_start; finish sigterm ;;
    *) echo "unknown scenario $scenario"; exit 64 ;;
  esac
done
service_stop
echo "results: $OUT"
