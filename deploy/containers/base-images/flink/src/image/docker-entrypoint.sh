#!/bin/bash
# Starts a Flink process in the foreground, as the official image's entrypoint does:
#   jobmanager                         a session cluster's JobManager
#   standalone-job [--job-classname C] [job args...]
#                                      an application cluster's JobManager running the job in usrlib/
#   taskmanager                        a TaskManager
# FLINK_PROPERTIES ("key: value" lines) override conf/config.yaml; JOB_MANAGER_RPC_ADDRESS sets
# jobmanager.rpc.address (default: this host's name). JVM memory comes from Flink's own
# BashJavaUtils, as in flink-dist's scripts.
set -euo pipefail
conf="$FLINK_CONF_DIR/config.yaml"

set_option() { # key value: replaces a flat "key: value" line
  local key="$1" value="$2"
  sed -i "/^${key//./\\.}:/d" "$conf"
  echo "$key: $value" >> "$conf"
}

case "${1:-help}" in
  jobmanager) main=org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint; params=GET_JM_RESOURCE_PARAMS ;;
  standalone-job) main=org.apache.flink.container.entrypoint.StandaloneApplicationClusterEntryPoint; params=GET_JM_RESOURCE_PARAMS ;;
  taskmanager) main=org.apache.flink.runtime.taskexecutor.TaskManagerRunner; params=GET_TM_RESOURCE_PARAMS ;;
  help) echo "usage: jobmanager | standalone-job [--job-classname CLASS] [ARGS...] | taskmanager | COMMAND..."; exit 0 ;;
  *) exec "$@" ;;
esac
shift

set_option jobmanager.rpc.address "${JOB_MANAGER_RPC_ADDRESS:-$(hostname)}"
if [ -n "${FLINK_PROPERTIES:-}" ]; then
  while IFS= read -r line; do
    [[ "$line" =~ ^[[:space:]]*([^:#[:space:]]+)[[:space:]]*:[[:space:]]*(.*)$ ]] || continue
    set_option "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
  done <<< "$FLINK_PROPERTIES"
fi

cp="$(echo "$FLINK_LIB_DIR"/*.jar | tr ' ' ':')"
output="$(java -Xmx64m -cp "$cp" org.apache.flink.runtime.util.bash.BashJavaUtils "$params" --configDir "$FLINK_CONF_DIR" 2>&1 || true)"
results="$(echo "$output" | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p')"
jvm_params="$(echo "$results" | sed -n 1p)"
dynamic="$(echo "$results" | sed -n 2p)"
if [ -z "$jvm_params" ]; then
  echo "Could not derive the JVM memory settings from $conf:" >&2
  echo "$output" >&2
  exit 1
fi

# Java 17: what flink-dist's default env.java.default-opts.all opens.
opens="--add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
 --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED
 --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
 --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
 --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
 --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
 --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED"
log="$FLINK_HOME/log/flink-$(hostname).log"
# shellcheck disable=SC2086
exec java $jvm_params $opens ${FLINK_ENV_JAVA_OPTS:-} \
  -Dlog.file="$log" -Dlog4j.configurationFile="file:$FLINK_CONF_DIR/log4j-console.properties" \
  -cp "$cp" "$main" --configDir "$FLINK_CONF_DIR" $dynamic "$@"
