#!/usr/bin/env bash
# Shared by run-report.sh and run-takeover.sh: builds what the benchmarks need, then runs MAIN_CLASS
# under the shared Maven lock (so no build runs during a measurement), with --out defaulting to
# OUT_ROOT/<UTC time>.
#
#   load-tests/run-main.sh MAIN_CLASS OUT_ROOT [args...]
#
# Environment: MVN_FLAGS (e.g. -o for offline builds), SKIP_BUILD=1 (use what is built),
# STREAMSCORE_MAVEN_LOCK (a lock file; default /tmp/streamscore-maven.lock), BENCH_JAVA_OPTS.
set -euo pipefail
cd "$(dirname "$0")/.."
main_class="$1"
out_root="$2"
shift 2
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
  args+=(--out "$out_root/$(date -u +%Y%m%d-%H%M%S)")
fi
# shellcheck disable=SC2086
locked java -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "$classpath" "$main_class" "${args[@]}"
