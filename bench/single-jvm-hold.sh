#!/usr/bin/env bash
# Holds USERS connections from ONE Gatling JVM against a standalone echo server process, then prints:
# time to open all, connections/s, KO, peak RSS and RSS per connection of the Gatling JVM, CPU seconds,
# server RSS and listen-queue overflows — as bin/launch runs it with one shard and a local echo server
# process per port, so the bench measures the same code path as a real run.
#
#   bench/single-jvm-hold.sh [USERS] [RATE/s] [HOLD] [SIMULATION]      (defaults: 15000 500 60s Heartbeat)
#
# Extra -D settings can be passed in GATLING_OPTS, e.g. GATLING_OPTS="-Dwsload.heartbeat.interval=5s".
set -euo pipefail
cd "$(dirname "$0")/.."
USERS=${1:-15000}
RATE=${2:-500}
HOLD=${3:-60s}
SIMULATION=${4:-Heartbeat}
PORTS=${PORTS:-9001,9002}

TARGETS=$(echo "$PORTS" | tr ',' '\n' | sed 's#.*#ws://127.0.0.1:&/echo#' | paste -sd, -)
echo "== single-JVM hold: $USERS users at $RATE/s, hold $HOLD, $SIMULATION, targets $TARGETS"
# shellcheck disable=SC2086
exec bin/launch --shards 1 --local-servers --simulation "$SIMULATION" \
  -Dtarget="$TARGETS" -Dusers="$USERS" -Dwsload.injection.type=rate -Dwsload.injection.rate="$RATE" \
  -Dhold="$HOLD" -Dwsload.assertions.max-p99-ms=10000 ${GATLING_OPTS:-}
