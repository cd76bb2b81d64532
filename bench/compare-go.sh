#!/usr/bin/env bash
# The same heartbeat job run by two clients, one after the other, against the same gorilla (Go) echo server:
# the classic hand-written Go client (bench/go/client: a goroutine per connection, ping every interval) and
# this project as users run it (`mvn gatling:test -Dsimulation=Heartbeat`, ping mode). Prints one table:
# connections, KO, CPU s, peak RSS, connect p50/p99 of each client (for this project: the Gatling JVM that
# the plugin forks; Maven's own JVM on a line below), and the server's CPU during each run.
#
#   bench/compare-go.sh [USERS] [RATE/s] [PING] [HOLD]      (defaults: 2000 1600 5s 15s, about a minute)
#   bench/compare-go.sh 15000 1600 5s 15s                   # the 15k job of the README
#
# Extra -D settings for the Gatling run in GATLING_OPTS (e.g. GATLING_OPTS="-Dgatling.jvmArgs=...").
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
USERS=${1:-2000}
RATE=${2:-1600}
PING=${3:-5s}
HOLD=${4:-15s}
TIMEOUT=${TIMEOUT:-2s} # pong deadline, shorter than PING
OUT=$(mktemp -d /tmp/ws-compare-go.XXXXXX)
secs() { case "$1" in *ms) echo 1 ;; *s) echo "${1%s}" ;; *m) echo $(( ${1%m} * 60 )) ;; *) echo "$1" ;; esac; }
LIMIT=$(( USERS / RATE + $(secs "$HOLD") + 180 )) # wall-clock limit of each client run, in s

build_go
. bin/classpath # compiled before the clock starts (quiet unless it fails)
start_go_server "$OUT/server.out"
trap 'kill $GO_SERVER 2>/dev/null || true' EXIT
echo "== compare-go: $USERS connections at $RATE/s, ping every $PING (timeout $TIMEOUT), hold $HOLD, server $GO_URL"
echo "   load before: $(uptime | sed 's/.*load average/load average/')"

# Steady hold: with a hold of 30 s or more, CPU is also measured from 10 s after the ramp to 5 s before the
# end of the hold (both clients), the figure to compare for long holds.
RAMP_S=$(( (USERS + RATE - 1) / RATE ))
if [ "$(secs "$HOLD")" -ge 30 ]; then
  export STEADY_FROM=$(( RAMP_S + 10 )) STEADY_TO=$(( RAMP_S + $(secs "$HOLD") - 5 ))
fi

# 1. The Go client. GNU time gives its exact CPU and peak RSS.
s0=$(cpu_s $GO_SERVER)
/usr/bin/time -f "time_cpu_s=%U+%S\ntime_rss_kb=%M\ntime_wall_s=%e" -o "$OUT/go.time" \
  timeout -s KILL "$LIMIT" target/bench-go/client -url "$GO_URL" -n "$USERS" -rate "$RATE" -ping "$PING" \
  -timeout "$TIMEOUT" -hold "$HOLD" > "$OUT/go.out" 2>&1 &
GO=$!
GO_STEADY=-
if [ -n "${STEADY_FROM:-}" ]; then
  sleep 0.5
  client=$(pgrep -f -- "^target/bench-go/client -url $GO_URL" | head -1)
  sleep "$STEADY_FROM"; w0=$(cpu_s "$client")
  sleep $(( STEADY_TO - STEADY_FROM )); GO_STEADY=$(calc "$(cpu_s "$client") - $w0")
fi
wait $GO && GO_RC=0 || GO_RC=$?
s1=$(cpu_s $GO_SERVER)
val() { awk -F= -v k="$2" '$1 == k {print $2; exit}' "$1"; }
GO_CPU=$(calc "$(val "$OUT/go.time" time_cpu_s)")
GO_RSS=$(( $(val "$OUT/go.time" time_rss_kb) / 1024 ))
GO_KO=$(( $(val "$OUT/go.out" failed) + $(val "$OUT/go.out" missed) + $(val "$OUT/go.out" drops) ))
GO_SERVER_CPU=$(calc "$s1 - $s0")
sleep 2 # let the server's closing connections leave TIME_WAIT accounting behind before the next run

# 2. This project, the way users start it (bench/lib.sh: run_gatling measures the JVM the plugin forks).
s0=$(cpu_s $GO_SERVER)
run_gatling "$OUT" "$LIMIT" Heartbeat -Dtarget="$GO_URL" -Dusers="$USERS" -Dwsload.injection.type=rate \
  -Dwsload.injection.rate="$RATE" -Dhold="$HOLD" -Dwsload.heartbeat.mode=ping -Dwsload.heartbeat.interval="$PING" \
  -Dwsload.heartbeat.timeout="$TIMEOUT" -Dwsload.assertions.max-p99-ms=10000
s1=$(cpu_s $GO_SERVER)
G_SERVER_CPU=$(calc "$s1 - $s0")
G_CONN=$(awk '/^connections established:/ {print $3}' "$OUT/figures.txt")
G_KO=$(awk '/^requests:/ {print $4}' "$OUT/figures.txt")
G_OPEN=$(awk '/^time to open all:/ {print $5}' "$OUT/figures.txt")
G_P50=$(sed -n 's/^connect latency ms: *p50 \([0-9]*\),.*/\1/p' "$OUT/figures.txt")
G_P99=$(sed -n 's/^connect latency ms:.* p99 \([0-9]*\),.*/\1/p' "$OUT/figures.txt")

echo
printf '%-34s %11s %6s %8s %14s %10s %11s %11s %7s %12s %12s %5s\n' client connections KO "CPU s" "peak RSS MB" "open all s" "connect p50" "connect p99" "wall s" "server CPU s" "steady CPU s" exit
printf '%-34s %11s %6s %8s %14s %10s %11s %11s %7s %12s %12s %5s\n' "Go + gorilla (goroutine/conn)" "$(val "$OUT/go.out" connections)" "$GO_KO" \
  "$GO_CPU" "$GO_RSS" "$(val "$OUT/go.out" open_all_s)" "$(val "$OUT/go.out" connect_p50_ms) ms" "$(val "$OUT/go.out" connect_p99_ms) ms" "$(val "$OUT/go.time" time_wall_s)" "$GO_SERVER_CPU" "$GO_STEADY" "$GO_RC"
printf '%-34s %11s %6s %8s %14s %10s %11s %11s %7s %12s %12s %5s\n' "ws-loadtest (mvn gatling:test JVM)" "$G_CONN" "$G_KO" \
  "$G_CPU" "$((G_HWM / 1024))" "${G_OPEN:-?}" "$G_P50 ms" "$G_P99 ms" "$G_WALL" "$G_SERVER_CPU" "$G_STEADY" "$MVN_RC"
echo "ws-loadtest / Go: CPU $(calc "$G_CPU / $GO_CPU")x, peak RSS $(calc "$G_HWM / 1024 / $GO_RSS")x" \
  "(Maven's own JVM adds $(calc "$MVN_CPU - $G_CPU") CPU s; mvn + Gatling JVM: $MVN_CPU CPU s)"
[ -z "${STEADY_FROM:-}" ] || echo "steady hold: CPU s from ${STEADY_FROM}s to ${STEADY_TO}s after start; ws-loadtest / Go $(calc "$G_STEADY / $GO_STEADY")x"
echo "load after: $(uptime | sed 's/.*load average/load average/'); raw output: $OUT, report: $RUN"
