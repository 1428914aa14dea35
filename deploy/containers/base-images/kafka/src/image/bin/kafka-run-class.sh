#!/bin/bash
# What the official image's bin/ scripts do, for the ones deploy/compose runs: CLASS [ARGS...] on
# the broker's jars; tools log warnings only, as there.
set -euo pipefail
main="$1"; shift
# shellcheck disable=SC2086
exec java ${KAFKA_HEAP_OPTS:--Xmx256m} ${KAFKA_OPTS:-} -cp "/opt/kafka/libs/*" \
  ${KAFKA_LOG4J_OPTS:--Dlog4j2.configurationFile=/opt/kafka/config/tools-log4j2.properties} "$main" "$@"
