#!/usr/bin/env bash
# Latency at a fixed rate the service can sustain, service and bus-only baseline alternated.
#   src/Moderation.LoadTest/scenarios/latency.sh [RATE=100] [COUNT=2000] [ROUNDS=2]
set -uo pipefail
cd "$(dirname "$0")/../../.."
. src/Moderation.LoadTest/scenarios/private-services.sh >/dev/null
. src/Moderation.LoadTest/scenarios/common.sh
RATE=${1:-100}; COUNT=${2:-2000}; ROUNDS=${3:-2}
OUT=${OUT:-$LOAD_STATE/latency-$(date +%H%M%S).jsonl}
[ "${SKIP_BUILD:-0}" = 1 ] || build_all
service_start || exit 1; echo_start || exit 1
loadtest run --amqp "$LOAD_RABBITMQ" --count 1000 --idle-timeout 20 --settle 1 --label warmup >/dev/null 2>&1
loadtest run --amqp "$LOAD_RABBITMQ" --target baseline --count 1000 --idle-timeout 20 --settle 1 --label warmup >/dev/null 2>&1
for r in $(seq 1 "$ROUNDS"); do
  for target in service baseline; do
    loadtest run --amqp "$LOAD_RABBITMQ" --target "$target" --count "$COUNT" --rate "$RATE" --idle-timeout 20 --settle 1 \
      --label "rate$RATE-$r" --json "$OUT" 2>/dev/null | grep -E '^(run  |throughput|latency)'
  done
done
service_stop; echo_stop
