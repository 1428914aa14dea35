#!/usr/bin/env bash
# drift-stream takeover benchmark: two instances under steady load, kill -9 of one, without and with
# standby replicas; prints a table (also written to takeover.md in --out). About 10 minutes on 2 cores.
#
#   load-tests/run-takeover.sh [--rate 2000] [--before 150s] [--after 150s] [--label-delay 60s] [--partitions 4] [--out DIR]
#
# Environment: MVN_FLAGS (e.g. -o), SKIP_BUILD=1, STREAMSCORE_MAVEN_LOCK, BENCH_JAVA_OPTS (as run-report.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
lock="${STREAMSCORE_MAVEN_LOCK:-/tmp/streamscore-maven.lock}"
locked() {
  if command -v flock >/dev/null 2>&1; then flock "$lock" "$@"; else "$@"; fi
}
if [ -z "${SKIP_BUILD:-}" ]; then
  # shellcheck disable=SC2086
  locked ./mvnw -B -q ${MVN_FLAGS:-} install -DskipTests -pl load-tests -am
fi
classpath="load-tests/target/classes:$(cat load-tests/target/load-tests.classpath)"
args=("$@")
if [[ " $* " != *" --out "* ]]; then
  args+=(--out "load-tests/target/takeover/$(date -u +%Y%m%d-%H%M%S)")
fi
# shellcheck disable=SC2086
locked java -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "$classpath" dev.streamscore.loadtest.run.TakeoverMain "${args[@]}"
