#!/usr/bin/env bash
# The container's entrypoint, as rqlite's docker-entrypoint.sh: it adds what a pod needs (node id, bind and
# advertised addresses, data directory) unless the arguments already say it, then runs the node with rqlited's
# command line. Environment: NODE_ID, HTTP_ADDR, HTTP_ADV_ADDR, RAFT_ADDR, RAFT_ADV_ADDR, DATA_DIR, START_DELAY,
# and RAFTLITE_CMD (how to run the node; the image runs the JVM build).
set -euo pipefail

has_flag() {
    local name="$1"; shift
    for arg in "$@"; do
        case "$arg" in -"$name"|-"$name"=*|--"$name"|--"$name"=*) return 0 ;; esac
    done
    return 1
}

host="$(hostname)"
fqdn="$(hostname -f 2>/dev/null || hostname)"
ip="$(hostname -i 2>/dev/null | awk '{print $1}')"
: "${NODE_ID:=$host}"
: "${HTTP_ADDR:=0.0.0.0:4001}"
: "${HTTP_ADV_ADDR:=$fqdn:4001}"
: "${RAFT_ADDR:=${POD_IP:-${ip:-127.0.0.1}}:4002}"
: "${RAFT_ADV_ADDR:=$RAFT_ADDR}"
: "${DATA_DIR:=/raftlite/data}"
: "${RAFTLITE_CMD:=java ${JAVA_OPTS:-} -jar /deployments/quarkus-run.jar}"

flags=()
has_flag node-id "$@" || flags+=(-node-id "$NODE_ID")
has_flag http-addr "$@" || flags+=(-http-addr "$HTTP_ADDR")
has_flag http-adv-addr "$@" || flags+=(-http-adv-addr "$HTTP_ADV_ADDR")
has_flag raft-addr "$@" || flags+=(-raft-addr "$RAFT_ADDR")
has_flag raft-adv-addr "$@" || flags+=(-raft-adv-addr "$RAFT_ADV_ADDR")

# DNS records of new pods take a moment to appear in Kubernetes
if [ -n "${KUBERNETES_SERVICE_HOST:-}" ]; then
    sleep "${START_DELAY:-5}"
fi

# shellcheck disable=SC2086
exec $RAFTLITE_CMD "${flags[@]}" "$@" "$DATA_DIR"
