#!/usr/bin/env bash
# Shared by the scenario scripts: builds the service and the load tool (Release), and starts/stops
# the service and the bus-only echo consumer as separate processes against the private services.
# Source after private-services.sh.
: "${LOAD_STATE:?source private-services.sh first}"
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
SERVICE_URL=${SERVICE_URL:-http://127.0.0.1:5091}
SERVICE_LOG=${SERVICE_LOG:-$LOAD_STATE/service.log}

build_all() {
  dotnet publish "$REPO/src/Moderation.Service" -c Release -o "$LOAD_STATE/service" --nologo -v q >/dev/null
  dotnet publish "$REPO/src/Moderation.LoadTest" -c Release -o "$LOAD_STATE/loadtest" --nologo -v q >/dev/null
}

loadtest() { dotnet "$LOAD_STATE/loadtest/Moderation.LoadTest.dll" "$@"; }

# The service as operators run it (Production environment, published Release build), with three
# load-test sites configured through the environment. Extra VAR=value arguments override settings.
service_start() {
  (cd "$LOAD_STATE/service" && exec env \
    ASPNETCORE_ENVIRONMENT=Production \
    ConnectionStrings__RabbitMq="$LOAD_RABBITMQ" ConnectionStrings__Postgres="$LOAD_POSTGRES" \
    Urls="$SERVICE_URL" \
    Moderation__Sites__news__PolicyVersion=load-1 Moderation__Sites__news__Terms__Banned__0=viagra \
    Moderation__Sites__news__Terms__Banned__1=cialis Moderation__Sites__news__Terms__Suspect__0=idiot \
    Moderation__Sites__news__Terms__Suspect__1=moron Moderation__Sites__news__Links__MaxLinks=2 \
    Moderation__Sites__blog__PolicyVersion=load-1 Moderation__Sites__blog__Terms__Banned__0="buy followers" \
    Moderation__Sites__blog__Terms__Suspect__0=clown Moderation__Sites__blog__Links__MaxLinks=1 \
    Moderation__Sites__forum__PolicyVersion=load-1 Moderation__Sites__forum__Terms__Banned__0="diet pills" \
    Moderation__Sites__forum__Terms__Suspect__0=fool Moderation__Sites__forum__Links__MaxLinks=3 \
    "$@" dotnet Moderation.Service.dll >>"$SERVICE_LOG" 2>&1) &
  SERVICE_PID=$!
  for _ in $(seq 1 120); do
    curl -fs "$SERVICE_URL/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$SERVICE_PID" 2>/dev/null || { echo "service exited; see $SERVICE_LOG"; return 1; }
    sleep 0.5
  done
  echo "service not ready after 60 s; see $SERVICE_LOG"; return 1
}

# Stop the service we started: TERM (graceful) by default, or the signal given.
service_stop() {
  local signal=${1:-TERM}
  [ -n "${SERVICE_PID:-}" ] || return 0
  kill -s "$signal" "$SERVICE_PID" 2>/dev/null || true
  for _ in $(seq 1 80); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.5; done
  wait "$SERVICE_PID" 2>/dev/null || true
  SERVICE_PID=
}

echo_start() {
  dotnet "$LOAD_STATE/loadtest/Moderation.LoadTest.dll" echo --amqp "$LOAD_RABBITMQ" --queue loadtest-echo "$@" >>"$LOAD_STATE/echo.log" 2>&1 &
  ECHO_PID=$!
  for _ in $(seq 1 120); do grep -q "echo: consuming" "$LOAD_STATE/echo.log" 2>/dev/null && return 0; sleep 0.5; done
  return 1
}

echo_stop() {
  [ -n "${ECHO_PID:-}" ] || return 0
  kill -TERM "$ECHO_PID" 2>/dev/null || true
  wait "$ECHO_PID" 2>/dev/null || true
  : > "$LOAD_STATE/echo.log"
  ECHO_PID=
}

# CPU time (user + system, clock ticks of 1/100 s) used so far by the given processes, summed.
cpu_ticks() {
  local total=0 pid
  for pid in "$@"; do [ -r "/proc/$pid/stat" ] && total=$((total + $(awk '{print $14+$15}' "/proc/$pid/stat"))); done
  echo "$total"
}

# The private PostgreSQL cluster's processes (postmaster and backends).
postgres_pids() { pgrep -f "postgres.*loadtest|postgres: 15/loadtest" | tr '\n' ' '; }

# Warms a consumer up until its CPU per comment settles: chunks of WARMUP_CHUNK comments (default
# 10,000) flat out, until a chunk costs more than 90 % of the one before, at most WARMUP_CHUNKS
# (default 8). Under full load the JIT's background thread gets only its share of two cores, so the
# service reaches Tier-1 code only after 40,000-50,000 comments; a fixed warm-up measured part of that.
# Prints the CPU per comment of each chunk.   warm_up TARGET PID [loadtest run options]
warm_up() {
  local target=$1 pid=$2 chunk=${WARMUP_CHUNK:-10000} max=${WARMUP_CHUNKS:-8} before after cost previous=0 costs=() n
  shift 2
  for n in $(seq 1 "$max"); do
    before=$(cpu_ticks "$pid")
    loadtest run --amqp "$LOAD_RABBITMQ" --target "$target" --count "$chunk" --idle-timeout 30 --settle 1 --label warmup "$@" >/dev/null 2>&1
    after=$(cpu_ticks "$pid")
    cost=$(( (after - before) * 10000 / chunk ))
    costs+=("$cost")
    [ "$n" -ge 2 ] && [ $((cost * 10)) -gt $((previous * 9)) ] && break
    previous=$cost
  done
  echo "warm-up $target: ${#costs[@]} x $chunk comments, CPU per comment (µs): ${costs[*]}"
}
