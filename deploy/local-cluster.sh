#!/usr/bin/env bash
# Starts a local cluster on this machine: one origin and one edge, embedded Hazelcast, loopback only.
# Builds the jars first if they are missing. Ctrl-C stops both (each drains for at most DRAIN_TIMEOUT_MS).
set -euo pipefail
cd "$(dirname "$0")/.."

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

if [ ! -f origin/target/origin.jar ] || [ ! -f edge/target/edge.jar ]; then
  echo "building (mvn -q -B package -DskipTests)..."
  mvn -q -B package -DskipTests
fi

pids=()
stop() {
  trap - INT TERM EXIT
  echo "stopping..."
  kill "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
}
trap stop INT TERM EXIT

# The log prefixers ignore SIGINT: Ctrl-C reaches the whole process group, and they must outlive it to show the
# nodes' shutdown lines. (The nodes, started in the background, ignore SIGINT too; the trap stops them with SIGTERM.)
deploy/rtmp-node origin --rtmp-port "$ORIGIN_RTMP_PORT" --http-port "$ORIGIN_HTTP_PORT" \
  --bind-host 127.0.0.1 --public-host 127.0.0.1 --cluster-host 127.0.0.1 --cluster-port "$ORIGIN_CLUSTER_PORT" \
  --cluster-members "$MEMBERS" > >(trap '' INT; exec sed -u 's/^/[origin] /') 2>&1 &
pids+=($!)
# Edges hold no cluster data: start the edge once the origin is up (its RTMP port opens after it joined).
for _ in $(seq 1 300); do
  (exec 3<>"/dev/tcp/127.0.0.1/$ORIGIN_RTMP_PORT") 2>/dev/null && break
  sleep 0.2
done
deploy/rtmp-node edge --rtmp-port "$EDGE_RTMP_PORT" --http-port "$EDGE_HTTP_PORT" \
  --bind-host 127.0.0.1 --public-host 127.0.0.1 --cluster-host 127.0.0.1 --cluster-port "$EDGE_CLUSTER_PORT" \
  --cluster-members "$MEMBERS" > >(trap '' INT; exec sed -u 's/^/[edge]   /') 2>&1 &
pids+=($!)

cat <<MSG

  publish: ffmpeg -re -i input.flv -c copy -f flv rtmp://127.0.0.1:$ORIGIN_RTMP_PORT/$STREAM
  play:    ffplay rtmp://127.0.0.1:$EDGE_RTMP_PORT/$STREAM      (edge)
           ffplay rtmp://127.0.0.1:$ORIGIN_RTMP_PORT/$STREAM      (origin)

  Ctrl-C stops both nodes.

MSG
wait
