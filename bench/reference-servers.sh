#!/usr/bin/env bash
# How many sessions each protocol's reference server (the servers the protocol tests start) holds in one process
# here, and its memory: SESSIONS sessions through the protocol's handshake, kept alive HOLD_S seconds with the
# protocol's own keep-alive at 10 s intervals, then the server's own session count, its drops and its RSS.
#
#   bench/reference-servers.sh [SESSIONS] [HOLD_S] [PROTOCOL ...]
#       defaults: 3000 35 socketio graphql mqtt spring-stomp rabbit-stomp
#
# Needs what .ci/run installs (Node.js 20+ with npm ci in src/test/node, rabbitmq-server) and a test build.
set -euo pipefail
cd "$(dirname "$0")/.."
SESSIONS=${1:-3000}
HOLD_S=${2:-35}
shift $(( $# > 2 ? 2 : $# ))
PROTOCOLS=("$@")
[ ${#PROTOCOLS[@]} -gt 0 ] || PROTOCOLS=(socketio graphql mqtt spring-stomp rabbit-stomp)

[ -f target/classpath.txt ] && [ -d target/test-classes/io/wsloadtest/protocols ] || mvn -q -B test-compile
CP="target/test-classes:target/classes:$(cat target/classpath.txt)"
for p in "${PROTOCOLS[@]}"; do
  echo "== $p: $SESSIONS sessions, hold ${HOLD_S}s"
  java -Xmx1g -XX:+UseSerialGC -cp "$CP" io.wsloadtest.protocols.ReferenceServerCapacity "$p" "$SESSIONS" "$HOLD_S" \
    2> >(grep -v -E '^(SLF4J|WARNING)' >&2)
done
