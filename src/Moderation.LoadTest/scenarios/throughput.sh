#!/usr/bin/env bash
# Throughput and latency of the service against the bus-only baseline, measured in one go with the
# two sides alternated: ROUNDS x (service, echo) at full speed, then ROUNDS x (service, echo) at
# RATE/s. Both consumers run as separate processes, warmed up first with WARMUP comments (default
# 20,000): the JIT's instrumented tier (dynamic PGO) keeps the service at 3-6x its steady CPU per
# comment for its first 6,000-9,000 comments, and a shorter warm-up measures that, not the service.
# Results: one JSON line per run in $OUT; medians printed at the end.
#   src/Moderation.LoadTest/scenarios/throughput.sh [ROUNDS=5] [COUNT=6000] [RATE=500] [RATE_COUNT=6000]
# SERVICE_ENV="Moderation__Bus__ConcurrentMessageLimit=16 ..." and ECHO_ARGS="--concurrency 16 --prefetch 32" tune the two sides alike.
set -uo pipefail
cd "$(dirname "$0")/../../.."
. src/Moderation.LoadTest/scenarios/private-services.sh
. src/Moderation.LoadTest/scenarios/common.sh
ROUNDS=${1:-5}; COUNT=${2:-6000}; RATE=${3:-500}; RATE_COUNT=${4:-6000}; WARMUP=${WARMUP:-20000}
OUT=${OUT:-$LOAD_STATE/throughput-$(date +%H%M%S).jsonl}
[ "${SKIP_BUILD:-0}" = 1 ] || build_all
read -ra SERVICE_ENV <<< "${SERVICE_ENV:-}"
common=(--amqp "$LOAD_RABBITMQ" --idle-timeout 30 --settle 1 --json "$OUT")

service_start ${SERVICE_ENV[@]+"${SERVICE_ENV[@]}"} || exit 1
read -ra ECHO_ARGS <<< "${ECHO_ARGS:-}"
echo_start ${ECHO_ARGS[@]+"${ECHO_ARGS[@]}"} || exit 1
loadtest run "${common[@]}" --target service --count "$WARMUP" --label warmup >/dev/null
loadtest run "${common[@]}" --target baseline --count "$WARMUP" --label warmup >/dev/null
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
