#!/usr/bin/env bash
# Holds USERS connections from ONE Gatling JVM against a standalone echo server process, then prints:
# time to open all, connections/s, KO, peak RSS and RSS per connection of the Gatling JVM, CPU seconds,
# server RSS and listen-queue overflows.
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
HEAP_MB=${HEAP_MB:-160}
PORTS=${PORTS:-9001,9002}

. bin/classpath
OUT=$(mktemp -d /tmp/ws-bench.XXXXXX)
TARGETS=$(echo "$PORTS" | tr ',' '\n' | sed 's#.*#ws://127.0.0.1:&/echo#' | paste -sd, -)

overflows() { awk '/^TcpExt:/ { if (!h) { split($0, n); h=1 } else { split($0, v); for (i in n) if (n[i]=="ListenOverflows") print v[i] } }' /proc/net/netstat; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
hwm_kb() { awk '/^VmHWM/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14+$15)/hz}' "/proc/$1/stat" 2>/dev/null || echo 0; }

java -Xmx512m -XX:+ExitOnOutOfMemoryError -Dwsload.server.ports="$PORTS" -cp "$CP" \
  io.wsloadtest.server.EchoServerMain > "$OUT/server.out" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q listening "$OUT/server.out" && break; sleep 0.2; done
OVERFLOWS_BEFORE=$(overflows)

# shellcheck disable=SC2086
java -Xmx${HEAP_MB}m -XX:+ExitOnOutOfMemoryError \
  --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/jdk.internal.misc=ALL-UNNAMED \
  -Dtarget="$TARGETS" -Dusers="$USERS" -Dwsload.injection.type=rate -Dwsload.injection.rate="$RATE" \
  -Dhold="$HOLD" -Dwsload.assertions.max-p99-ms=10000 ${GATLING_OPTS:-} \
  -cp "$CP" io.gatling.app.Gatling -s "io.wsloadtest.simulations.${SIMULATION}Simulation" -rf "$OUT/results" -nr \
  > "$OUT/gatling.out" 2>&1 &
GATLING=$!
# Wall-clock limit: a Gatling JVM must never outlive its run.
( sleep 1800; kill -9 $GATLING 2>/dev/null ) & WATCHDOG=$!
trap 'kill $SERVER $WATCHDOG 2>/dev/null || true' EXIT
BASE_RSS=0; PEAK_RSS=0; CPU=0; SERVER_RSS=0
while kill -0 $GATLING 2>/dev/null; do
  r=$(rss_kb $GATLING); [ "$r" -gt "$PEAK_RSS" ] && PEAK_RSS=$r
  if [ "$BASE_RSS" = 0 ] && ls "$OUT"/results/*/simulation.log >/dev/null 2>&1; then BASE_RSS=$r; fi
  c=$(cpu_s $GATLING); [ "$c" != 0 ] && CPU=$c
  s=$(rss_kb $SERVER); [ "$s" -gt "$SERVER_RSS" ] && SERVER_RSS=$s
  sleep 1
done
wait $GATLING && RC=0 || RC=$?
OVERFLOWS_AFTER=$(overflows)

echo "== single-JVM hold: $USERS users at $RATE/s, hold $HOLD, $SIMULATION, -Xmx${HEAP_MB}m, targets $TARGETS"
java -cp "$CP" io.wsloadtest.shards.RunFigures "$OUT"/results/*/simulation.log
echo "gatling exit code:       $RC"
echo "gatling JVM peak RSS:    $((PEAK_RSS / 1024)) MB (at injection start $((BASE_RSS / 1024)) MB)"
if [ "$USERS" -gt 0 ] && [ "$BASE_RSS" -gt 0 ]; then
  echo "RSS per connection:      $(( (PEAK_RSS - BASE_RSS) * 1024 / USERS / 1024 )).$(( ((PEAK_RSS - BASE_RSS) * 1024 / USERS % 1024) * 10 / 1024 )) KB above the JVM at injection start"
fi
echo "gatling JVM CPU:         ${CPU} s"
echo "server peak RSS:         $((SERVER_RSS / 1024)) MB"
echo "listen-queue overflows:  $((OVERFLOWS_AFTER - OVERFLOWS_BEFORE))"
echo "raw output:              $OUT"
