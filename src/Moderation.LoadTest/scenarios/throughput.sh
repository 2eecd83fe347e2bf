#!/usr/bin/env bash
# Throughput and latency of the service against the bus-only baseline, measured in one go with the
# two sides alternated: ROUNDS x (service, echo) at full speed, then ROUNDS x (service, echo) at
# RATE/s. Both consumers run as separate processes, each warmed up first until its CPU per comment
# settles (warm_up in common.sh: the service takes 40,000-50,000 comments flat out to reach the JIT's
# optimised code; a shorter warm-up measures the JIT, not the service).
# Results: one JSON line per run in $OUT; medians printed at the end.
#   src/Moderation.LoadTest/scenarios/throughput.sh [ROUNDS=5] [COUNT=6000] [RATE=500] [RATE_COUNT=6000]
# SERVICE_ENV="Moderation__Bus__ConcurrentMessageLimit=16 ..." and ECHO_ARGS="--concurrency 16 --prefetch 32" tune the two sides alike.
set -uo pipefail
cd "$(dirname "$0")/../../.."
. src/Moderation.LoadTest/scenarios/private-services.sh
. src/Moderation.LoadTest/scenarios/common.sh
ROUNDS=${1:-5}; COUNT=${2:-6000}; RATE=${3:-500}; RATE_COUNT=${4:-6000}
OUT=${OUT:-$LOAD_STATE/throughput-$(date +%H%M%S).jsonl}
[ "${SKIP_BUILD:-0}" = 1 ] || build_all
read -ra SERVICE_ENV <<< "${SERVICE_ENV:-}"
common=(--amqp "$LOAD_RABBITMQ" --idle-timeout 30 --settle 1 --json "$OUT")

service_start ${SERVICE_ENV[@]+"${SERVICE_ENV[@]}"} || exit 1
read -ra ECHO_ARGS <<< "${ECHO_ARGS:-}"
echo_start ${ECHO_ARGS[@]+"${ECHO_ARGS[@]}"} || exit 1
warm_up service "$SERVICE_PID"
warm_up baseline "$ECHO_PID"
for round in $(seq 1 "$ROUNDS"); do
  for target in service baseline; do
    extra=(); [ "$target" = service ] && extra=(--postgres "$LOAD_POSTGRES" --watch-pid "$SERVICE_PID")
    loadtest run "${common[@]}" --target "$target" --count "$COUNT" --label "max-$round" "${extra[@]}" \
      | grep -E '^(run|decided|throughput|latency|store|load)'
  done
done
for round in $(seq 1 "$ROUNDS"); do
  for target in service baseline; do
    extra=(); [ "$target" = service ] && extra=(--postgres "$LOAD_POSTGRES")
    loadtest run "${common[@]}" --target "$target" --count "$RATE_COUNT" --rate "$RATE" --label "rate$RATE-$round" "${extra[@]}" \
      | grep -E '^(run|decided|throughput|latency|store|load)'
  done
done
service_stop
echo_stop
python3 src/Moderation.LoadTest/scenarios/summarise.py "$OUT"
