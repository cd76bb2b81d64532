#!/usr/bin/env bash
# The capacity search at full size, against a server nobody here wrote whose knee is known: knee-server.js on
# Node's ws library answers pings at once up to KNEE open connections, 300 ms late and later above, and refuses
# upgrades above CAP. With heartbeat p99 <= 100 ms the true knee is KNEE. Runs bin/capacity on one JVM, then
# with 2 shards (one source IP each), and prints the true knee, each search's lastGood and firstBad, its levels
# and its wall time; the searches' folders are under target/bench-capacity/.
#
#   bench/capacity.sh [KNEE] [CAP] [-Dkey=value ...]      (default 5000 7000)
set -euo pipefail
cd "$(dirname "$0")/.."
KNEE=5000; CAP=7000
[ $# -gt 0 ] && [[ "$1" =~ ^[0-9]+$ ]] && { KNEE=$1; shift; }
[ $# -gt 0 ] && [[ "$1" =~ ^[0-9]+$ ]] && { CAP=$1; shift; }
SERVER_DIR=src/test/node
if ! command -v node >/dev/null || [ ! -f "$SERVER_DIR/node_modules/ws/package.json" ]; then
  command -v npm >/dev/null || { echo "bench: needs node and npm: apt-get install -y nodejs npm" >&2; exit 3; }
  npm ci --prefix "$SERVER_DIR" --no-audit --no-fund --loglevel=error >/dev/null
fi
OUT=target/bench-capacity
mkdir -p "$OUT"
# Pongs 300 ms late just past the knee, 1 ms later per connection beyond: late enough to break the SLO, soon
# enough to come before the heartbeat timeout near the knee (timeouts bring reconnect storms that measure the
# injector's heap more than the server).
node "$SERVER_DIR/knee-server.js" --knee "$KNEE" --cap "$CAP" --delay-ms 300 --delay-step-ms 1 > "$OUT/knee-server.out" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -qs listening "$OUT/knee-server.out" && break; sleep 0.1; done
URL=$(grep -o 'ws://[^ ]*' "$OUT/knee-server.out" | head -1)
[ -n "$URL" ] || { echo "bench: knee-server.js did not start: $(cat "$OUT/knee-server.out")" >&2; exit 1; }

# Levels from a fifth of the knee up by a fifth, then bisection to 5 % of it; heartbeats every 2 s, each level held
# 3 of them after arriving at 1,000 connections/s.
SETTINGS=(-Dtarget="$URL" -Dwsload.injection.type=rate -Dwsload.injection.rate=1000
  -Dwsload.heartbeat.interval=2s -Dwsload.heartbeat.timeout=1900ms
  -Dwsload.capacity.start=$((KNEE / 5)) -Dwsload.capacity.step=$((KNEE / 5)) -Dwsload.capacity.max=$((KNEE * 3))
  -Dwsload.capacity.resolution=$((KNEE / 20)) -Dwsload.capacity.slo.heartbeat-p99=100ms "$@")

search() { # NAME ARGS...: one search; prints its line of the summary
  local name=$1 start=$SECONDS dir
  shift
  echo "== $name: bin/capacity $* --simulation Heartbeat ${SETTINGS[*]}"
  bin/capacity "$@" --simulation Heartbeat --reports "$OUT/$name" "${SETTINGS[@]}" && rc=0 || rc=$?
  dir=$(ls -td "$OUT/$name"/heartbeat-capacity-* 2>/dev/null | head -1 || true)
  if [ -z "$dir" ]; then
    SUMMARY+=("$(printf '%-10s refused before load (exit %s)' "$name" "$rc")")
    return
  fi
  SUMMARY+=("$(python3 - "$dir/capacity.json" "$name" $((SECONDS - start)) "$rc" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
good = c["lastGood"]["level"] if c["lastGood"] else None
bad = c["firstBad"]["level"] if c["firstBad"] else None
print(f'{sys.argv[2]:10} lastGood {good}, firstBad {bad}, {len(c["levels"])} levels, {sys.argv[3]} s wall'
      f' (exit {sys.argv[4]}, {c["outcome"]}); {sys.argv[1]}')
PY
)")
}
SUMMARY=()
search one-jvm --shards 1
search 2-shards --shards 2 -Dwsload.source-ips=127.0.0.2-127.0.0.3
echo
echo "true knee: $KNEE connections (knee-server.js --knee $KNEE --cap $CAP), SLO heartbeat p99 <= 100 ms"
printf '%s\n' "${SUMMARY[@]}"
