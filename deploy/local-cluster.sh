#!/usr/bin/env bash
# Starts a local cluster on this machine: one origin and one edge, embedded Hazelcast, loopback only.
# Builds the jars first if they are missing. Ctrl-C (or SIGTERM to this script) stops both, whenever it comes: each
# node drains for at most DRAIN_TIMEOUT_MS, then the script exits.
set -euo pipefail
cd "$(dirname "$0")/.."

# Set before anything starts, so that no signal finds a node running and no trap. The handler exits: a trap that
# returned would let the script go on (start the edge after a Ctrl-C that came while it waited for the origin).
# It stops the background jobs bash knows, not a list kept by hand: a job is known from its fork, a list entry
# only from the next line, and a signal in between would leave that node running.
stop() {
  trap '' INT TERM
  trap - EXIT
  echo "stopping..."
  local jobs
  jobs=$(jobs -p)
  if [ -n "$jobs" ]; then
    # shellcheck disable=SC2086
    kill $jobs 2>/dev/null || true
  fi
  wait || true
  exit "$1"
}
trap 'stop 130' INT
trap 'stop 143' TERM
trap 'stop $?' EXIT
if [ "$(trap -p INT)" = "trap -- '' SIGINT" ]; then
  # Bash cannot trap a signal ignored when it started (nohup, or a background job of a script): say how to stop.
  echo "SIGINT is ignored here, so Ctrl-C cannot stop this cluster: stop it with kill $$ (SIGTERM)" >&2
fi

ORIGIN_RTMP_PORT=${ORIGIN_RTMP_PORT:-1935}
EDGE_RTMP_PORT=${EDGE_RTMP_PORT:-1936}
ORIGIN_HTTP_PORT=${ORIGIN_HTTP_PORT:-8080}
EDGE_HTTP_PORT=${EDGE_HTTP_PORT:-8081}
ORIGIN_CLUSTER_PORT=${ORIGIN_CLUSTER_PORT:-5701}
EDGE_CLUSTER_PORT=${EDGE_CLUSTER_PORT:-5702}
MEMBERS=127.0.0.1:$ORIGIN_CLUSTER_PORT,127.0.0.1:$EDGE_CLUSTER_PORT
STREAM=${STREAM:-live/mystream}
# Ctrl-C drains each node (SIGTERM) before it stops; locally 2 s is enough (the nodes' default is 30 s).
export DRAIN_TIMEOUT_MS=${DRAIN_TIMEOUT_MS:-2000}
# The cluster's own secret, new for each run unless given: edges' links to the origin prove it, so AUTH_PLAY or
# AUTH_PUBLISH may ask for tokens (README, Security) without anything else to set.
export CLUSTER_SECRET=${CLUSTER_SECRET:-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')}

if [ ! -f origin/target/origin.jar ] || [ ! -f edge/target/edge.jar ]; then
  echo "building (mvn -q -B package -DskipTests)..."
  mvn -q -B package -DskipTests
fi

# The log prefixers ignore SIGINT: Ctrl-C reaches the whole process group, and they must outlive it to show the
# nodes' shutdown lines. (The nodes, started in the background, ignore SIGINT too; the trap stops them with SIGTERM.)
deploy/rtmp-node origin --rtmp-port "$ORIGIN_RTMP_PORT" --http-port "$ORIGIN_HTTP_PORT" \
  --bind-host 127.0.0.1 --public-host 127.0.0.1 --cluster-host 127.0.0.1 --cluster-port "$ORIGIN_CLUSTER_PORT" \
  --cluster-members "$MEMBERS" > >(trap '' INT; exec sed -u 's/^/[origin] /') 2>&1 &
# Edges hold no cluster data: start the edge once the origin is up (its RTMP port opens after it joined).
for _ in $(seq 1 300); do
  (exec 3<>"/dev/tcp/127.0.0.1/$ORIGIN_RTMP_PORT") 2>/dev/null && break
  sleep 0.2
done
deploy/rtmp-node edge --rtmp-port "$EDGE_RTMP_PORT" --http-port "$EDGE_HTTP_PORT" \
  --bind-host 127.0.0.1 --public-host 127.0.0.1 --cluster-host 127.0.0.1 --cluster-port "$EDGE_CLUSTER_PORT" \
  --cluster-members "$MEMBERS" > >(trap '' INT; exec sed -u 's/^/[edge]   /') 2>&1 &

cat <<MSG

  publish: ffmpeg -re -i input.flv -c copy -f flv rtmp://127.0.0.1:$ORIGIN_RTMP_PORT/$STREAM
  play:    ffplay rtmp://127.0.0.1:$EDGE_RTMP_PORT/$STREAM      (edge)
           ffplay rtmp://127.0.0.1:$ORIGIN_RTMP_PORT/$STREAM      (origin)

  Ctrl-C stops both nodes.

MSG
wait
