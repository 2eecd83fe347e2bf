#!/usr/bin/env bash
# Resident size of the service while it decides COUNT comments (default 1,000,000) in batches of
# BATCH, flat out; the load tool samples /proc/PID/status once a second. Prints RSS after each batch.
#   src/Moderation.LoadTest/scenarios/memory.sh [COUNT] [BATCH]
set -uo pipefail
cd "$(dirname "$0")/../../.."
. src/Moderation.LoadTest/scenarios/private-services.sh
. src/Moderation.LoadTest/scenarios/common.sh
COUNT=${1:-1000000}; BATCH=${2:-50000}
OUT=${OUT:-$LOAD_STATE/memory-$(date +%H%M%S).jsonl}
[ "${SKIP_BUILD:-0}" = 1 ] || build_all
service_start || exit 1
echo "$(date +%T) started: RSS $(grep VmRSS /proc/$SERVICE_PID/status)"
done_count=0
while [ "$done_count" -lt "$COUNT" ]; do
  loadtest run --amqp "$LOAD_RABBITMQ" --postgres "$LOAD_POSTGRES" --count "$BATCH" --seed "$done_count" \
    --watch-pid "$SERVICE_PID" --idle-timeout 60 --settle 1 --label memory --json "$OUT" \
    | grep -E '^(decided|throughput|service RSS)' | tr '\n' ' '
  done_count=$((done_count + BATCH))
  echo; echo "$(date +%T) after $done_count comments: $(grep VmRSS /proc/$SERVICE_PID/status)"
done
service_stop
