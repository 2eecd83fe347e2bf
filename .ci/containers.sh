#!/usr/bin/env bash
# The container part of CI. Source it after .ci/services.sh: `. .ci/containers.sh`.
# - A Docker engine new enough for Testcontainers 4.x (API >= 1.44): Debian 13's docker.io in a chroot,
#   made once and cached under /var/cache/moderation-ci, serving its own socket under /run/moderation-ci.
# - Stand-ins for the official images no registry serves here (.ci/standins), built from the local
#   Debian base and kept in the engine's build cache between runs on the same machine.
# - The service image, built from deploy/Dockerfile exactly as a user builds it, with the stand-ins
#   passed as SDK_IMAGE / RUNTIME_IMAGE and the machine's CA bundle as a build secret.
# Exports DOCKER_HOST and the image names that docker-compose.yml and the tests read.
# Call containers_stop at the end: it stops the engine when this run started it. Returns non-zero
# when a step fails (explicitly: `set -e` does not act in a script sourced as `. x || y`).
set -euo pipefail

ci_cache=/var/cache/moderation-ci
ci_run=/run/moderation-ci
ci_root=$ci_cache/trixie
ci_repo=$PWD
# The Debian mirror this machine uses, read at run time (never written into the repository).
ci_mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
containers_started=$SECONDS
mkdir -p "$ci_cache" "$ci_run"

if ! command -v debootstrap >/dev/null 2>&1; then
  echo "containers: installing debootstrap"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
fi

# Debian 13's engine and clients, once per machine (about 90 s).
if [ ! -f "$ci_root/.moderation-ci-ready" ]; then
  echo "containers: making the Debian 13 root for the Docker engine"
  rm -rf "$ci_root.tmp"
  debootstrap --variant=minbase trixie "$ci_root.tmp" "$ci_mirror" >"$ci_cache/trixie.log" 2>&1 || return 1
  rm -rf "$ci_root" && mv "$ci_root.tmp" "$ci_root"
fi
ci_mount() {  # ci_mount OPTION SOURCE TARGET, once
  mountpoint -q "$3" || mount "$1" "$2" "$3"
}
# Mounts are made before the engine starts: it runs in a private copy of this mount table.
mountpoint -q "$ci_root" || { mount --bind "$ci_root" "$ci_root" && mount --make-private "$ci_root"; }
ci_mount --bind /proc "$ci_root/proc"
ci_mount --rbind /sys "$ci_root/sys"
ci_mount --rbind /dev "$ci_root/dev"
mkdir -p "$ci_root$ci_run" "$ci_root$ci_repo"
ci_mount --bind "$ci_run" "$ci_root$ci_run"
# The engine resolves compose bind mounts (deploy/rabbitmq/...) inside its root: show it the repository.
ci_mount --bind "$ci_repo" "$ci_root$ci_repo"
cp /etc/resolv.conf "$ci_root/etc/resolv.conf"
if [ ! -f "$ci_root/.moderation-ci-ready" ]; then
  chroot "$ci_root" apt-get update -qq || return 1
  chroot "$ci_root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io docker-buildx docker-compose iptables >/dev/null || return 1
  touch "$ci_root/.moderation-ci-ready"
fi

# The host's docker CLI with the chroot's buildx and compose plugins.
export DOCKER_HOST=unix://$ci_run/docker.sock
export DOCKER_CONFIG=$ci_run/docker-config
mkdir -p "$DOCKER_CONFIG/cli-plugins"
ln -sf "$ci_root/usr/libexec/docker/cli-plugins/docker-buildx" "$ci_root/usr/libexec/docker/cli-plugins/docker-compose" "$DOCKER_CONFIG/cli-plugins/"
# Ryuk's image cannot be pulled here: the tests dispose of their containers themselves.
export TESTCONTAINERS_RYUK_DISABLED=true

containers_own_engine=0
if ! docker info >/dev/null 2>&1; then
  echo "containers: starting the Docker engine on $DOCKER_HOST"
  # Not a plain chroot: `docker exec` (so every health check, and Testcontainers' wait strategies)
  # joins a container's mount namespace at that namespace's root, and a chrooted engine's containers
  # hang below it, so exec'd commands were found running in the build machine's own root. In a mount
  # namespace of its own, pivoted into the Debian 13 root, the engine's containers are whole.
  mkdir -p "$ci_root/.oldroot"
  unshare --mount --propagation private sh -c "cd '$ci_root' && pivot_root . .oldroot && exec /usr/sbin/chroot . /bin/sh -c 'umount -l /.oldroot && exec dockerd -H $DOCKER_HOST --pidfile $ci_run/dockerd.pid'" \
    >"$ci_run/dockerd.log" 2>&1 &
  containers_own_engine=1
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null || { tail -n 20 "$ci_run/dockerd.log"; return 1; }
fi

containers_stop() {
  if [ "$containers_own_engine" = 1 ] && [ -s "$ci_run/dockerd.pid" ]; then
    local pid
    pid=$(cat "$ci_run/dockerd.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  fi
  umount -l "$ci_root$ci_repo" 2>/dev/null || true
}

# The local Debian base every stand-in starts from (about 40 s once).
if ! docker image inspect moderation-ci/debian:bookworm >/dev/null 2>&1; then
  echo "containers: importing a Debian 12 base image"
  if [ ! -d "$ci_cache/bookworm" ]; then
    rm -rf "$ci_cache/bookworm.tmp"
    debootstrap --variant=minbase bookworm "$ci_cache/bookworm.tmp" "$ci_mirror" >"$ci_cache/bookworm.log" 2>&1 || return 1
    mv "$ci_cache/bookworm.tmp" "$ci_cache/bookworm"
  fi
  tar -C "$ci_cache/bookworm" -c . | docker import - moderation-ci/debian:bookworm >/dev/null || return 1
fi

ci_build() {  # ci_build TAG DOCKERFILE CONTEXT [ARGS...]
  local tag=$1 file=$2 context=$3 log
  shift 3
  log=$(mktemp)
  if ! nice -n 10 docker build --progress=plain -t "$tag" -f "$file" "$@" "$context" >"$log" 2>&1; then
    tail -n 40 "$log"; rm -f "$log"; return 1
  fi
  rm -f "$log"
}
standins=$ci_repo/.ci/standins
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
ci_build moderation-ci/dotnet-sdk:10.0 "$standins/sdk.Dockerfile" "$dotnet_root" || return 1
ci_build moderation-ci/aspnet:10.0 "$standins/aspnet.Dockerfile" "$standins" || return 1
ci_build moderation-ci/rabbitmq:3.10-management "$standins/rabbitmq.Dockerfile" "$standins" || return 1
ci_build moderation-ci/postgres:15 "$standins/postgres.Dockerfile" "$standins" || return 1
ci_build moderation-ci/node:18 "$standins/node.Dockerfile" "$standins" --build-context extra-ca=/usr/local/share/ca-certificates || return 1
echo "containers: engine and stand-in images ready ($((SECONDS - containers_started)) s)"

# The service image from deploy/Dockerfile, as a user builds it, with the stand-ins as bases.
image_started=$SECONDS
ci_build moderation:dev deploy/Dockerfile "$ci_repo" \
  --build-arg SDK_IMAGE=moderation-ci/dotnet-sdk:10.0 --build-arg RUNTIME_IMAGE=moderation-ci/aspnet:10.0 \
  --secret id=ca-bundle,src=/etc/ssl/certs/ca-certificates.crt || return 1
echo "containers: built moderation:dev from deploy/Dockerfile ($((SECONDS - image_started)) s, $(docker image inspect -f '{{.Size}}' moderation:dev | awk '{printf "%.0f MB", $1/1e6}'))"

# What docker-compose.yml and the integration tests read.
export MODERATION_IMAGE=moderation:dev
export RABBITMQ_IMAGE=moderation-ci/rabbitmq:3.10-management
export POSTGRES_IMAGE=moderation-ci/postgres:15
export NODE_IMAGE=moderation-ci/node:18
export MODERATION_TEST_RABBITMQ_IMAGE=$RABBITMQ_IMAGE
export MODERATION_TEST_POSTGRES_IMAGE=$POSTGRES_IMAGE
echo "containers: ready in $((SECONDS - containers_started)) s"
