#!/usr/bin/env bash
# Starts a local cluster on this machine: one origin and one edge, embedded Hazelcast, loopback only.
# Builds the jars first if they are missing. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."

ORIGIN_RTMP_PORT=${ORIGIN_RTMP_PORT:-1935}
EDGE_RTMP_PORT=${EDGE_RTMP_PORT:-1936}
STREAM=${STREAM:-live/mystream}

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

java -jar origin/target/origin.jar --rtmp-port "$ORIGIN_RTMP_PORT" --http-port 8080 \
  --bind-host 127.0.0.1 --public-host 127.0.0.1 --cluster-host 127.0.0.1 --cluster-port 5701 \
  --cluster-members 127.0.0.1:5701,127.0.0.1:5702 > >(sed -u 's/^/[origin] /') 2>&1 &
pids+=($!)
java -jar edge/target/edge.jar --rtmp-port "$EDGE_RTMP_PORT" --http-port 8081 \
  --bind-host 127.0.0.1 --public-host 127.0.0.1 --cluster-host 127.0.0.1 --cluster-port 5702 \
  --cluster-members 127.0.0.1:5701,127.0.0.1:5702 > >(sed -u 's/^/[edge]   /') 2>&1 &
pids+=($!)

cat <<MSG

  publish: ffmpeg -re -i input.flv -c copy -f flv rtmp://127.0.0.1:$ORIGIN_RTMP_PORT/$STREAM
  play:    ffplay rtmp://127.0.0.1:$EDGE_RTMP_PORT/$STREAM      (edge)
           ffplay rtmp://127.0.0.1:$ORIGIN_RTMP_PORT/$STREAM      (origin)

  Ctrl-C stops both nodes.

MSG
wait
