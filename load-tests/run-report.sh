#!/usr/bin/env bash
# StreamScore load-test report: builds what it needs, then starts a real local stack (Kafka + Apicurio
# Registry), the scoring job, the baselines and drift-stream in JVMs of their own, measures them and
# writes report.md, report.html and SVG plots. About 12-15 minutes on a 2-core machine.
#
#   load-tests/run-report.sh [--quick] [--out DIR] [--systems jmh,scoring,eos,...] [--jfr] [--help]
#
# Environment: MVN_FLAGS (e.g. -o for offline builds), SKIP_BUILD=1 (use what is built),
# STREAMSCORE_MAVEN_LOCK (a lock file; on a shared machine no other Maven build runs during the
# measurement), BENCH_JAVA_OPTS.
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
  args+=(--out "load-tests/target/report/$(date -u +%Y%m%d-%H%M%S)")
fi
# shellcheck disable=SC2086
locked java -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "$classpath" dev.streamscore.loadtest.run.BenchMain "${args[@]}"
