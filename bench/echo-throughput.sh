#!/usr/bin/env bash
# The highest rate of checked echoes at 0 KO: EchoSimulation (64-byte texts, every echo compared with what
# was sent) run through `mvn gatling:test` at stepped users x message interval, against the gorilla (Go)
# echo server and against this project's echo server as its own process. Each server's steps stop at the
# first step with a KO. Prints one table: offered and checked echoes/s, KO, round trip p50/p99, injector CPU.
#
#   bench/echo-throughput.sh [STEPS] [HOLD]      (defaults: "200x50ms 500x50ms 1000x50ms 2000x50ms 2000x25ms" 10s)
#   SERVERS="go" bench/echo-throughput.sh "2000x50ms" 30s      # one step, one server
#
# checked echoes/s = OK echoes / (hold + ramp/2): each user echoes from its arrival (ramp 2 s) to the end of
# the hold, so this is the average over the time the users were sending.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
STEPS=${1:-"200x50ms 500x50ms 1000x50ms 2000x50ms 2000x25ms"}
HOLD=${2:-10s}
RAMP_S=2
SERVERS=${SERVERS:-go standalone}
OUT=$(mktemp -d /tmp/ws-echo-throughput.XXXXXX)
ms() { case "$1" in *ms) echo "${1%ms}" ;; *s) echo $(( ${1%s} * 1000 )) ;; *m) echo $(( ${1%m} * 60000 )) ;; esac; }
HOLD_MS=$(ms "$HOLD")

build_go
. bin/classpath
SERVER=
trap 'kill $SERVER 2>/dev/null || true' EXIT

# start_server NAME: sets SERVER (pid) and URL.
start_server() {
  case "$1" in
    go) start_go_server "$OUT/go-server.out"; SERVER=$GO_SERVER; URL=$GO_URL ;;
    standalone)
      java -Xmx512m -XX:+ExitOnOutOfMemoryError -Dwsload.server.ports=0 -Dwsload.metrics.enabled=false -cp "$CP" \
        io.wsloadtest.server.EchoServerMain > "$OUT/standalone-server.out" 2>&1 &
      SERVER=$!
      for _ in $(seq 100); do grep -qs "listening on" "$OUT/standalone-server.out" && break; sleep 0.1; done
      URL=$(grep -o 'ws://[^ ,]*' "$OUT/standalone-server.out" | head -1)
      [ -n "$URL" ] || { echo "bench: the echo server did not start: $(cat "$OUT/standalone-server.out")" >&2; exit 1; } ;;
    *) echo "bench: unknown server '$1' (go, standalone)" >&2; exit 3 ;;
  esac
}

echo "== echo-throughput: steps $STEPS, ramp ${RAMP_S}s, hold $HOLD, 64-byte texts; load before: $(uptime | sed 's/.*load average: //')"
ROWS=()
for server in $SERVERS; do
  start_server "$server"
  for step in $STEPS; do
    users=${step%%x*}; interval=${step#*x}
    offered=$(( users * 1000 / $(ms "$interval") ))
    mkdir -p "$OUT/$server-$step"
    s0=$(cpu_s "$SERVER")
    run_gatling "$OUT/$server-$step" $(( RAMP_S + HOLD_MS / 1000 + 120 )) Echo -Dtarget="$URL" -Dusers="$users" \
      -Dramp=${RAMP_S}s -Dhold="$HOLD" -Dwsload.echo.count=0 -Dwsload.echo.interval="$interval" \
      -Dwsload.assertions.max-p99-ms=60000 || { ROWS+=("$(printf '%-11s %6s %9s  run failed, see %s' "$server" "$users" "$interval" "$OUT/$server-$step")"); break; }
    s1=$(cpu_s "$SERVER")
    f="$OUT/$server-$step/figures.txt"
    ok=$(awk '$1 == "same" && $2 == "text" {print $4}' "$f"); ok=${ok:-0}
    ko=$(awk '/^requests:/ {print $4}' "$f")
    p50=$(sed -n 's/^  same text back:.* p50 \([0-9]*\),.*/\1/p' "$f")
    p99=$(sed -n 's/^  same text back:.* p99 \([0-9]*\),.*/\1/p' "$f")
    checked=$(awk -v n="$ok" -v h="$HOLD_MS" -v r="$RAMP_S" 'BEGIN { printf "%d", n / (h / 1000 + r / 2) }')
    ROWS+=("$(printf '%-11s %6s %9s %10s %10s %6s %7s %7s %13s %11s' "$server" "$users" "$interval" "$offered" "$checked" \
      "$ko" "${p50:-?}" "${p99:-?}" "$(calc "$G_CPU / $G_WALL")" "$(calc "($s1 - $s0) / $G_WALL")")")
    if [ "$ko" = 0 ] && [ "$checked" -gt "${BEST:-0}" ]; then BEST=$checked; BEST_AT="$server, $users users x $interval, p99 ${p99:-?} ms"; fi
    [ "$ko" = 0 ] || break
  done
  kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true
done

echo
printf '%-11s %6s %9s %10s %10s %6s %7s %7s %13s %11s\n' server users interval "offered/s" "checked/s" KO "p50 ms" "p99 ms" \
  "injector cores" "server cores"
printf '%s\n' "${ROWS[@]}"
echo "highest at 0 KO: ${BEST:-none} checked echoes/s (${BEST_AT:-})"
echo "(cores = CPU s / wall s of the Gatling JVM's life, start-up included; load after: $(uptime | sed 's/.*load average: //'); raw output: $OUT)"
