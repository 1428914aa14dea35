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
exec "$(dirname "$0")/run-main.sh" dev.streamscore.loadtest.run.BenchMain load-tests/target/report "$@"
