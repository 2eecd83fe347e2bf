#!/usr/bin/env bash
# How the service warms up: from a fresh start, its CPU per comment in WINDOWS successive windows of
# WINDOW comments each, flat out; the default and a variant alternated, STARTS starts each.
#   src/Moderation.LoadTest/scenarios/warmup-curve.sh "VAR=value ..." [STARTS=2] [WINDOWS=8] [WINDOW=3000]
# e.g. warmup-curve.sh "DOTNET_TieredPGO=0"
set -uo pipefail
cd "$(dirname "$0")/../../.."
. src/Moderation.LoadTest/scenarios/private-services.sh >/dev/null
. src/Moderation.LoadTest/scenarios/common.sh
[ "${SKIP_BUILD:-0}" = 1 ] || build_all
read -ra VARIANT <<< "${1:?give the variant settings, e.g. DOTNET_TieredPGO=0}"
STARTS=${2:-2}; WINDOWS=${3:-8}; WINDOW=${4:-3000}

curve() { # label
  local line="$1 (µs of service CPU per comment, windows of $WINDOW):" before used
  for _ in $(seq 1 "$WINDOWS"); do
    before=$(cpu_ticks "$SERVICE_PID")
    loadtest run --amqp "$LOAD_RABBITMQ" --count "$WINDOW" --idle-timeout 30 --settle 1 >/dev/null 2>&1
    used=$(( $(cpu_ticks "$SERVICE_PID") - before ))
    line="$line $(( used * 10000 / WINDOW ))"
  done
  echo "$line"
}

for _ in $(seq 1 "$STARTS"); do
  service_start || exit 1; curve default; service_stop
  service_start "${VARIANT[@]}" || exit 1; curve variant; service_stop
done
