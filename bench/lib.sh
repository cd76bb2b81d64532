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
  for _ in $(seq 50); do grep -q listening "$1" && break; sleep 0.1; done
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
