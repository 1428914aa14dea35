#!/usr/bin/env bash
# drift-stream takeover benchmark: two instances under steady load, kill -9 of one, without and with
# standby replicas; prints a table (also written to takeover.md in --out). About 8 minutes on 2 cores.
#
#   load-tests/run-takeover.sh [--rate 2000] [--before 150s] [--after 150s] [--label-delay 60s] [--partitions 4] [--out DIR]
#
# Environment: as run-report.sh (MVN_FLAGS, SKIP_BUILD=1, STREAMSCORE_MAVEN_LOCK, BENCH_JAVA_OPTS).
exec "$(dirname "$0")/run-main.sh" dev.streamscore.loadtest.run.TakeoverMain load-tests/target/takeover "$@"
