#!/usr/bin/env bash
# Where the CPU of one Gatling JVM goes during start-up, ramp, hold and end: runs one simulation (default:
# Heartbeat in ping mode) against the gorilla echo server with JDK Flight Recorder on, then prints CPU by
# thread group and execution samples by concern for each phase (bench/JfrTop.java).
#
#   bench/profile.sh [USERS] [RATE/s] [PING] [HOLD]      (defaults: 2000 1600 5s 15s)
#
# JVM_OPTS replaces the heap/JIT flags (default: the gatling-maven-plugin's, -Xmx1G ...); GATLING_OPTS adds
# -D settings. The recording stays in the printed folder for `jfr print` / `jfr summary` / JDK Mission Control.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
USERS=${1:-2000}
RATE=${2:-1600}
PING=${3:-5s}
HOLD=${4:-15s}
JVM_OPTS=${JVM_OPTS:-"-XX:MaxInlineLevel=20 -XX:MaxTrivialSize=12 -Xmx1G"}
OUT=$(mktemp -d /tmp/ws-profile.XXXXXX)
secs() { case "$1" in *ms) echo 0 ;; *s) echo "${1%s}" ;; *m) echo $(( ${1%m} * 60 )) ;; esac; }

build_go
. bin/classpath
start_go_server "$OUT/server.out"
trap 'kill $GO_SERVER 2>/dev/null || true' EXIT
# Gatling's profile settings, with per-thread CPU every second instead of every 10 s.
sed 's#<setting name="period">10 s</setting>#<setting name="period">1 s</setting>#' \
  "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/jfr/profile.jfc" > "$OUT/settings.jfc"

echo "== profile: $USERS users at $RATE/s, ping every $PING, hold $HOLD, JVM $JVM_OPTS; load $(uptime | sed 's/.*load average: //')"
# shellcheck disable=SC2086
java $JVM_OPTS -XX:+ExitOnOutOfMemoryError \
  --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/jdk.internal.misc=ALL-UNNAMED \
  -XX:StartFlightRecording=filename="$OUT/run.jfr",settings="$OUT/settings.jfc" \
  -Dtarget="$GO_URL" -Dusers="$USERS" -Dwsload.injection.type=rate -Dwsload.injection.rate="$RATE" -Dhold="$HOLD" \
  -Dwsload.heartbeat.mode=ping -Dwsload.heartbeat.interval="$PING" -Dwsload.assertions.max-p99-ms=10000 ${GATLING_OPTS:-} \
  -cp "$CP" io.gatling.app.Gatling -s io.wsloadtest.simulations.HeartbeatSimulation -rf "$OUT/results" \
  > "$OUT/gatling.out" 2>&1 &
GATLING=$!
( sleep $(( USERS / RATE + $(secs "$HOLD") + 180 )); kill -9 $GATLING 2>/dev/null ) & WATCHDOG=$!
trap 'kill $GO_SERVER $WATCHDOG 2>/dev/null || true' EXIT
# Process CPU (from /proc, exact) at each phase boundary: start-up, ramp (USERS/RATE as planned), hold, end.
STARTED=0; RAMP_END=0; HOLD_END=0; CPU_START=0; CPU_RAMP=0; CPU_HOLD=0; CPU_END=0
while kill -0 $GATLING 2>/dev/null; do
  now=$(date +%s%3N); c=$(cpu_s $GATLING); [ "$c" = 0 ] || CPU_END=$c
  if [ "$STARTED" = 0 ] && grep -q "started\.\.\." "$OUT/gatling.out"; then
    STARTED=$now; CPU_START=$CPU_END
    RAMP_END=$(( STARTED + USERS * 1000 / RATE )); HOLD_END=$(( RAMP_END + $(secs "$HOLD") * 1000 ))
  fi
  [ "$STARTED" != 0 ] && [ "$now" -le "$RAMP_END" ] && CPU_RAMP=$CPU_END
  [ "$STARTED" != 0 ] && [ "$now" -le "$HOLD_END" ] && CPU_HOLD=$CPU_END
  sleep 0.1
done
wait $GATLING && RC=0 || RC=$?
echo "process CPU s (/proc): start-up $CPU_START, ramp $(calc "$CPU_RAMP - $CPU_START"), hold $(calc "$CPU_HOLD - $CPU_RAMP")," \
  "end (close, report) $(calc "$CPU_END - $CPU_HOLD"), total $CPU_END"
java -cp "$CP" io.wsloadtest.simlog.RunFigures "$OUT"/results/*/simulation.log
echo "gatling exit code: $RC"
echo "+ java bench/JfrTop.java $OUT/run.jfr ramp=$STARTED hold=$RAMP_END end=$HOLD_END"
java bench/JfrTop.java "$OUT/run.jfr" ramp=$STARTED hold=$RAMP_END end=$HOLD_END
echo "recording: $OUT/run.jfr (load after: $(uptime | sed 's/.*load average: //'))"
