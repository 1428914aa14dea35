#!/bin/bash
# Interactive queries are forwarded between instances at their advertised HTTP address: by default
# this container's own IP address (in Kubernetes, set STREAMSCORE_HTTP_ADVERTISED_HOST to the pod IP).
set -euo pipefail
if [ -z "${STREAMSCORE_HTTP_ADVERTISED_HOST:-}" ]; then
  STREAMSCORE_HTTP_ADVERTISED_HOST="$(hostname -i | awk '{print $1}')"
  export STREAMSCORE_HTTP_ADVERTISED_HOST
fi
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -cp '/opt/drift-stream/lib/*' dev.streamscore.drift.DriftApp "$@"
