#!/usr/bin/env bash
# A private Docker daemon and locally built base images, for machines where no engine runs and no
# image registry is reachable (CI here). On a machine with Docker and Docker Hub none of this is
# needed: the Dockerfiles and the containers test default to the public images.
#
#   deploy/containers/local-docker.sh start        starts dockerd (pid file, socket under $STREAMSCORE_DOCKER_DIR)
#   deploy/containers/local-docker.sh base-images  builds the local base images (cached: a second run takes seconds)
#   deploy/containers/local-docker.sh stop         stops that dockerd by its PID
#   deploy/containers/local-docker.sh env          prints the export lines for DOCKER_HOST and the image overrides
#
# Base images (all from Debian packages and Maven Central artifacts):
#   streamscore-local/bookworm:minbase          debootstrap --variant=minbase from the apt mirror configured here
#   streamscore-local/jre:17                    + openjdk-17-jre-headless (stands in for eclipse-temurin:17-jre)
#   streamscore-local/kafka:4.4.0               broker jars + /etc/kafka/docker/run (stands in for apache/kafka)
#   streamscore-local/apicurio-registry:2.6.13.Final  the registry tarball deploy/local runs (apicurio/apicurio-registry-mem)
#   streamscore-local/flink:2.2.1-java17        Flink runtime jars + an entrypoint taking jobmanager|standalone-job|taskmanager (flink)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DIR="${STREAMSCORE_DOCKER_DIR:-/tmp/streamscore-docker}"
SOCK="$DIR/docker.sock"
PIDFILE="$DIR/dockerd.pid"
BASE="$ROOT/deploy/containers/base-images"
export DOCKER_HOST="unix://$SOCK"
export DOCKER_BUILDKIT=0

BOOKWORM=streamscore-local/bookworm:minbase
JRE=streamscore-local/jre:17
KAFKA=streamscore-local/kafka:4.4.0
APICURIO=streamscore-local/apicurio-registry:2.6.13.Final
FLINK=streamscore-local/flink:2.2.1-java17

log() { echo "[local-docker] $*" >&2; }

running() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

start() {
  if running; then
    log "dockerd already running (pid $(cat "$PIDFILE"))"
    return
  fi
  if ! command -v dockerd >/dev/null || ! command -v docker-compose >/dev/null || ! command -v debootstrap >/dev/null; then
    log "installing docker.io, docker-compose and debootstrap (Debian packages)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io docker-compose debootstrap >/dev/null
  fi
  mkdir -p "$DIR/data" "$DIR/exec"
  # setsid: the daemon must not get the caller's Ctrl-C or share its process group.
  setsid dockerd --data-root "$DIR/data" --exec-root "$DIR/exec" --pidfile "$PIDFILE" \
    -H "unix://$SOCK" --storage-driver overlay2 >"$DIR/dockerd.log" 2>&1 < /dev/null &
  for _ in $(seq 1 120); do
    if docker version >/dev/null 2>&1; then
      log "dockerd running (pid $(cat "$PIDFILE")), DOCKER_HOST=$DOCKER_HOST"
      return
    fi
    sleep 0.5
  done
  log "dockerd did not answer in 60 s; see $DIR/dockerd.log"
  tail -20 "$DIR/dockerd.log" >&2 || true
  exit 1
}

stop() {
  if ! running; then
    log "dockerd not running"
    return
  fi
  pid="$(cat "$PIDFILE")"
  # Containers a failed test left behind go first, so the daemon can stop cleanly.
  ids="$(docker ps -q 2>/dev/null || true)"
  [ -n "$ids" ] && docker rm -f $ids >/dev/null 2>&1 || true
  kill "$pid"
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || { log "dockerd stopped"; return; }
    sleep 0.5
  done
  log "dockerd (pid $pid) did not stop in 30 s; killing it"
  kill -9 "$pid" 2>/dev/null || true
}

# Rebuilds an image only when its recipe (the build context's small files) changed.
recipe_hash() {
  (cd "$1" && find . -type f ! -name '*.jar' ! -name '*.tar.gz' ! -path './target/*' -print0 | sort -z \
    | xargs -0 sha256sum | sha256sum | cut -c1-16)
}
current() {
  [ "$(docker image inspect -f '{{ index .Config.Labels "dev.streamscore.recipe" }}' "$1" 2>/dev/null || true)" = "$2" ]
}
build() { # image context [build args...]
  local image="$1" context="$2"; shift 2
  local hash; hash="$(recipe_hash "$context")"
  if current "$image" "$hash"; then
    log "$image is up to date"
    return
  fi
  log "building $image"
  docker build -q --network=host --label "dev.streamscore.recipe=$hash" -t "$image" "$@" "$context" >/dev/null
}

mirror() {
  # The mirror apt is configured with (deb822 or one-line sources).
  local m
  m="$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security | head -1 || true)"
  [ -z "$m" ] && m="$(grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk '{print $2}' | grep debian | grep -v security | head -1 || true)"
  echo "${m:-http://deb.debian.org/debian}"
}

base_images() {
  running || { log "dockerd is not running: run '$0 start' first"; exit 1; }
  local hash; hash="$(echo "bookworm-minbase-$(mirror)" | sha256sum | cut -c1-16)"
  if current "$BOOKWORM" "$hash"; then
    log "$BOOKWORM is up to date"
  else
    log "debootstrap bookworm (minbase) from $(mirror)"
    local rootfs="$DIR/rootfs"
    rm -rf "$rootfs"
    debootstrap --variant=minbase bookworm "$rootfs" "$(mirror)" >"$DIR/debootstrap.log" 2>&1
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    tar -C "$rootfs" -c . | docker import -c "LABEL dev.streamscore.recipe=$hash" -c 'CMD ["bash"]' - "$BOOKWORM" >/dev/null
    rm -rf "$rootfs"
  fi
  build "$JRE" "$BASE/jre" --build-arg "BASE_IMAGE=$BOOKWORM"

  # Broker, registry and Flink jars from Maven Central, into base-images/*/target/image (see pom.xml there).
  (cd "$ROOT" && flock /tmp/streamscore-maven.lock ./mvnw -B -q -ntp -f deploy/containers/base-images/pom.xml package)
  build "$KAFKA" "$BASE/kafka/target/image" --build-arg "BASE_IMAGE=$JRE"
  build "$APICURIO" "$BASE/apicurio/target/image" --build-arg "BASE_IMAGE=$JRE"
  build "$FLINK" "$BASE/flink/target/image" --build-arg "BASE_IMAGE=$JRE"
  docker image ls --filter reference='streamscore-local/*' >&2
}

# The settings that make the Dockerfiles and the containers test use the local base images.
print_env() {
  cat <<ENV
export DOCKER_HOST=$DOCKER_HOST
export DOCKER_BUILDKIT=0
export TESTCONTAINERS_RYUK_DISABLED=true
export TESTCONTAINERS_HOST_OVERRIDE=localhost
export STREAMSCORE_IMAGE_JRE=$JRE
export STREAMSCORE_IMAGE_FLINK=$FLINK
export STREAMSCORE_IMAGE_KAFKA=$KAFKA
export STREAMSCORE_IMAGE_REGISTRY=$APICURIO
ENV
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  base-images) base_images ;;
  env) print_env ;;
  *) echo "usage: $0 start|base-images|env|stop" >&2; exit 2 ;;
esac
