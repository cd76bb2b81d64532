#!/usr/bin/env bash
# The kit against each protocol's reference server on this box: USERS sessions from one injector JVM (bin/launch
# --shards 1, the Heartbeat simulation with -Dwsload.protocol=...), arriving at RATE/s, held HOLD with the
# protocol's keep-alives and a heartbeat every 10 s. Prints bin/launch's figures (KO, connect rate and percentiles,
# the injector's RSS and CPU) and the server's own session count, drops and memory.
#
#   bench/protocols.sh [USERS] [RATE] [HOLD] [PROTOCOL ...]   defaults: 10000 500 2m graphql socketio mqtt spring-stomp rabbit-stomp
#
# Needs what .ci/run installs (Node.js 20+ with npm ci in src/test/node, rabbitmq-server) and a test build.
set -euo pipefail
cd "$(dirname "$0")/.."
USERS=${1:-10000}
RATE=${2:-500}
HOLD=${3:-2m}
shift $(( $# > 3 ? 3 : $# ))
PROTOCOLS=("$@")
[ ${#PROTOCOLS[@]} -gt 0 ] || PROTOCOLS=(graphql socketio mqtt spring-stomp rabbit-stomp)

[ -f target/classpath.txt ] && [ -d target/test-classes/io/wsloadtest/protocols ] || mvn -q -B test-compile
CP="target/test-classes:target/classes:$(cat target/classpath.txt)"
status=0
for p in "${PROTOCOLS[@]}"; do
  echo "== $p: $USERS sessions at $RATE/s, hold $HOLD, one injector JVM"
  java -Xmx256m -XX:+UseSerialGC -cp "$CP" io.wsloadtest.protocols.ProtocolScale "$p" "$USERS" "$RATE" "$HOLD" \
    2> >(grep -v -E '^(SLF4J|WARNING)' >&2) || status=$?
done
exit $status
