#!/usr/bin/env bash
# Holds 100,000 concurrent WebSocket connections on this host with heartbeats, for 5 minutes (profile 100k):
# 6 echo server processes (one per target port) and 6 Gatling shards with one source IP each, started and
# merged by bin/launch. Prints: time to reach 100k, connections/s, KO and drops, RSS and CPU of injectors
# and servers, listen-queue overflows; the merged report and run-summary.json are under reports/.
#
#   bench/100k.sh [-Dkey=value ...]      e.g. -Dhold=10m, -Dusers=50000
set -euo pipefail
cd "$(dirname "$0")/.."
exec bin/launch --local-servers --simulation Heartbeat -Dprofile=100k "$@"
