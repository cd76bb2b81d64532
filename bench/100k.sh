#!/usr/bin/env bash
# Holds 100,000 concurrent WebSocket connections on this host with heartbeats, for 5 minutes (profile 100k):
# 6 echo server processes (one per target port) and 6 Gatling shards with one source IP each, started and
# merged by bin/launch. Prints: time to reach 100k, connections/s, KO and drops, RSS and CPU of injectors
# and servers, listen-queue overflows; the merged report and run-summary.json are under reports/. Last, the
# injectors' CPU in the steady hold (from 20 s after all were connected to 20 s before the hold ends).
#
#   bench/100k.sh [-Dkey=value ...]      e.g. -Dhold=10m, -Dusers=50000
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
HOLD=5m
for a in "$@"; do case "$a" in -Dhold=*) HOLD=${a#-Dhold=} ;; esac; done
case "$HOLD" in *m) HOLD_S=$(( ${HOLD%m} * 60 )) ;; *s) HOLD_S=${HOLD%s} ;; *) HOLD_S=300 ;; esac
LOG=$(mktemp /tmp/ws-100k.XXXXXX)
bin/launch --local-servers --simulation Heartbeat -Dprofile=100k "$@" > "$LOG" 2>&1 &
LAUNCH=$!
tail -f --pid=$LAUNCH "$LOG" &
# Injectors' CPU (sum over the shard JVMs) once all users are connected: sampled at the window's two ends.
injectors_cpu() {
  local sum=0 p
  for p in $(pgrep -f -- "-Dwsload.shard.index=.*io.wsloadtest.shards.WarmStart" || true); do sum=$(calc "$sum + $(cpu_s "$p")"); done
  echo "$sum"
}
FULL=0; C0=; STEADY=
while kill -0 $LAUNCH 2>/dev/null; do
  now=$SECONDS
  if [ "$FULL" = 0 ] && grep -qE 'connected ([0-9,]+)/\1 ' "$LOG"; then FULL=$now; fi
  if [ "$FULL" != 0 ] && [ -z "$C0" ] && [ $((now - FULL)) -ge 20 ]; then C0=$(injectors_cpu); T0=$now; fi
  if [ -n "$C0" ] && [ -z "$STEADY" ] && [ $((now - FULL)) -ge $((HOLD_S - 20)) ]; then
    STEADY=$(calc "100 * ($(injectors_cpu) - $C0) / ($now - $T0)")
  fi
  sleep 1
done
wait $LAUNCH && RC=0 || RC=$?
echo "injectors' CPU in the steady hold: ${STEADY:-not measured (hold too short or 'connected N/N' not seen)}% of one core"
rm -f "$LOG"
exit $RC
