#!/usr/bin/env bash
# StreamScore detection report: builds what it needs, then runs the real drift topology (Kafka Streams'
# TopologyTestDriver, default settings) over many simulator seeds, stationary and with graded drifts,
# and writes a Markdown report. 20 seeds took 47 min on a 2-core machine shared with other work.
#
#   detection-report/run.sh [--seeds 20] [--first-seed 1001] [--stationary-windows 50]
#                           [--events-per-window 2000] [--only KIND] [--out FILE] [--help]
#
# Environment: MVN_FLAGS (e.g. -o for offline builds), SKIP_BUILD=1 (use what is built),
# STREAMSCORE_MAVEN_LOCK (a lock file; default /tmp/streamscore-maven.lock: on a shared machine the
# report and Maven builds take turns), REPORT_JAVA_OPTS.
set -euo pipefail
cd "$(dirname "$0")/.."
lock="${STREAMSCORE_MAVEN_LOCK:-/tmp/streamscore-maven.lock}"
locked() {
  if command -v flock >/dev/null 2>&1; then flock "$lock" "$@"; else "$@"; fi
}
if [ -z "${SKIP_BUILD:-}" ]; then
  # package, not install: the reactor resolves drift-stream's test-jar from its target/.
  # shellcheck disable=SC2086
  locked ./mvnw -B -q ${MVN_FLAGS:-} package -DskipTests -pl detection-report -am
fi
classpath="$(ls detection-report/target/streamscore-detection-report-*.jar | grep -v -- '-tests.jar' | head -1)"
classpath="$classpath:$(cat detection-report/target/detection-report.classpath)"
# TensorFlow's native log (each scorer load) at warnings only.
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-1}"
# shellcheck disable=SC2086
locked java -Xmx3g -Dlog4j2.configurationFile=classpath:log4j2-detection-report.properties ${REPORT_JAVA_OPTS:-} \
  -cp "$classpath" dev.streamscore.detection.DetectionReportMain "$@"
