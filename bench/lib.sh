# Sourced by the bench/ scripts: builds the Go tools, starts the Go echo server, reads a process's CPU and
# peak RSS from /proc. Expects to run from the project root.

# Go sources are built from Debian's packages only (no module download): GOPATH mode over /usr/share/gocode.
build_go() {
  if ! command -v go >/dev/null || [ ! -d /usr/share/gocode/src/github.com/gorilla/websocket ]; then
    echo "bench: needs Go and gorilla/websocket from Debian: apt-get install -y golang golang-github-gorilla-websocket-dev" >&2
    exit 3
  fi
  mkdir -p target/bench-go
  (cd bench/go && GO111MODULE=off GOPATH=/usr/share/gocode go build -o ../../target/bench-go/echoserver ./echoserver \
    && GO111MODULE=off GOPATH=/usr/share/gocode go build -o ../../target/bench-go/client ./client)
}

# start_go_server OUT_FILE: starts the gorilla echo server on a free loopback port; sets GO_SERVER (pid)
# and GO_URL (its ws:// URL).
start_go_server() {
  target/bench-go/echoserver -listen 127.0.0.1:0 > "$1" 2>&1 &
  GO_SERVER=$!
  for _ in $(seq 50); do grep -qs listening "$1" && break; sleep 0.1; done
  GO_URL=$(awk '/listening on/ {print $3; exit}' "$1")
  [ -n "$GO_URL" ] || { echo "bench: the Go echo server did not start: $(cat "$1")" >&2; exit 1; }
}

# CPU seconds (user + system) of a live process, with two decimals.
cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14+$15)/hz}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# Peak resident set size (VmHWM) of a live process, in KB.
hwm_kb() { awk '/^VmHWM/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
# Resident set size now (VmRSS), in KB.
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
# Arithmetic on decimals, two places: calc "1.5 + 2".
calc() { awk "BEGIN { printf \"%.2f\", $1 }"; }

# run_gatling OUT_DIR LIMIT_S SIMULATION [-Dkey=value ...]: `mvn gatling:test` as users run it. The plugin
# forks one Gatling JVM; it is found by a marker property and polled for CPU and peak RSS until it exits
# (at most one poll interval, 0.2 s, of its CPU is missed). With STEADY_FROM and STEADY_TO (seconds after
# the simulation started) also G_STEADY, its CPU s in that window. Sets G_CPU, G_HWM (KB), G_WALL (s, the forked
# JVM's life), MVN_CPU (Maven and the forked JVM together), MVN_RC, RUN (the report folder) and writes
# OUT_DIR/figures.txt (RunFigures of its simulation.log). GATLING_OPTS adds -D settings.
run_gatling() {
  local out=$1 limit=$2 simulation=$3
  shift 3
  local mark="bench.run=$$-$RANDOM" mvn start=$SECONDS gatling= g_start=0 g_end=0 c h
  touch "$out/marker"
  # shellcheck disable=SC2086
  /usr/bin/time -f "time_cpu_s=%U+%S" -o "$out/mvn.time" \
    mvn -B gatling:test -Dsimulation="$simulation" -D"$mark" "$@" ${GATLING_OPTS:-} > "$out/mvn.out" 2>&1 &
  mvn=$!
  G_CPU=0; G_HWM=0; G_STEADY=-; local began=0 w0= now
  while kill -0 $mvn 2>/dev/null; do
    # Steady-hold window (STEADY_FROM..STEADY_TO s after the simulation started): CPU used in it.
    if [ -n "${STEADY_FROM:-}" ] && [ -n "$gatling" ]; then
      now=$(date +%s)
      [ "$began" = 0 ] && grep -q "started\.\.\." "$out/mvn.out" && began=$now
      if [ "$began" != 0 ] && [ -z "$w0" ] && [ $((now - began)) -ge "$STEADY_FROM" ]; then w0=$(cpu_s "$gatling"); fi
      if [ -n "$w0" ] && [ "$G_STEADY" = - ] && [ $((now - began)) -ge "$STEADY_TO" ]; then G_STEADY=$(calc "$(cpu_s "$gatling") - $w0"); fi
    fi
    if [ -z "$gatling" ]; then
      gatling=$(pgrep -f -- "-D$mark .*io.gatling.app.Gatling" | head -1 || true)
      [ -n "$gatling" ] && g_start=$(date +%s.%N)
    fi
    if [ -n "$gatling" ] && [ -d "/proc/$gatling" ]; then
      g_end=$(date +%s.%N)
      c=$(cpu_s "$gatling"); [ "$c" != 0 ] && G_CPU=$c
      h=$(hwm_kb "$gatling"); [ "${h:-0}" -gt "$G_HWM" ] && G_HWM=$h
    fi
    if [ $((SECONDS - start)) -gt "$limit" ]; then
      echo "bench: gatling run exceeded ${limit}s, killed" >&2
      [ -n "$gatling" ] && kill -9 "$gatling" 2>/dev/null
      kill $mvn 2>/dev/null || true
    fi
    sleep 0.2
  done
  wait $mvn && MVN_RC=0 || MVN_RC=$?
  G_WALL=$(calc "$g_end - $g_start")
  MVN_CPU=$(calc "$(awk -F= '$1 == "time_cpu_s" {print $2}' "$out/mvn.time")")
  local folder
  folder=$(echo "$simulation" | tr '[:upper:]' '[:lower:]')simulation
  RUN=$(find reports -maxdepth 1 -name "$folder-*" -newer "$out/marker" | sort | tail -1)
  if [ -z "$RUN" ] || [ ! -f "$RUN/simulation.log" ]; then
    echo "bench: the Gatling run left no simulation.log (exit $MVN_RC):" >&2
    grep -E "^  - |ERROR" "$out/mvn.out" | head -5 >&2
    return 1
  fi
  java -cp "target/classes:$(cat target/classpath.txt)" io.wsloadtest.simlog.RunFigures "$RUN/simulation.log" > "$out/figures.txt"
}
