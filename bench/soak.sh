#!/usr/bin/env bash
# Churn soak: one origin and one edge as processes (deploy/rtmp-node), publishers that stop and come back on the
# origin, players that join and leave the edge without pause (some hang up right after asking to play, some ask for
# streams nobody publishes), sampled every few seconds: both nodes' RSS, heap after a full GC, threads and open
# files, the edge's upstream connections to the origin by stream, the registry's size. Fails on growth, on an
# upstream left with no player, on two upstreams for a stream, on a registry over its bound, on a node dying or
# logging a Netty LEAK. See bench/README.md, "Churn soak".
#
#   bench/soak.sh MINUTES
#
# Settings (environment): STREAMS (published streams, default 6), PLAYERS (players on the edge on average, 24),
# VIDEO_KBPS (the source's video bitrate, 300), IDLE_MS (the edge's upstream idle time, 500), PLAY_WAIT_MS (how long
# the edge waits for an unknown stream, 2000), SAMPLE_SECONDS (5), LEAK_DETECTION (Netty's level in the nodes:
# paranoid when CI is set, else advanced), JAVA_OPTS (more options for the nodes), SOAK_FLAGS (more flags for the
# soak driver, e.g. "--heap-growth-mb 4 --seed 7"), SOAK_SECONDS (a run in seconds instead of MINUTES, for trying
# the script out).
# Writes bench/target/soak-<timestamp>.jsonl (settings, every sample, the verdict) and the nodes' logs in
# bench/target/soak-<timestamp>/. Exit status: 0 passed, 1 failed, 2 usage.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit "${1:-2}"; }
[ "${1:-}" != -h ] && [ "${1:-}" != --help ] || usage 0
if [ -n "${SOAK_SECONDS:-}" ]; then
  [[ $SOAK_SECONDS =~ ^[1-9][0-9]*$ ]] || { echo "SOAK_SECONDS must be a positive integer, got $SOAK_SECONDS" >&2; exit 2; }
  RUN_SECONDS=$SOAK_SECONDS
else
  [ $# -eq 1 ] || usage
  [[ $1 =~ ^[1-9][0-9]*$ ]] || { echo "MINUTES must be a positive integer, got $1" >&2; exit 2; }
  RUN_SECONDS=$(($1 * 60))
fi
STREAMS=${STREAMS:-6}
PLAYERS=${PLAYERS:-24}
VIDEO_KBPS=${VIDEO_KBPS:-300}
IDLE_MS=${IDLE_MS:-500}
PLAY_WAIT_MS=${PLAY_WAIT_MS:-2000}
SAMPLE_SECONDS=${SAMPLE_SECONDS:-5}
if [ -n "${CI:-}" ]; then LEAK_DETECTION=${LEAK_DETECTION:-paranoid}; else LEAK_DETECTION=${LEAK_DETECTION:-advanced}; fi

command -v ffmpeg > /dev/null || { echo "needs ffmpeg (the source is encoded once): apt-get install -y ffmpeg" >&2; exit 1; }
if [ ! -f origin/target/origin.jar ] || [ ! -f edge/target/edge.jar ] || [ ! -f bench/target/bench.jar ]; then
  echo "building the jars (mvn package -DskipTests)..."
  { mvn -q -B -o package -DskipTests || mvn -q -B package -DskipTests; } >&2
fi

STAMP=$(date +%Y%m%d-%H%M%S)
RUN_DIR=$ROOT/bench/target/soak-$STAMP
OUT=$ROOT/bench/target/soak-$STAMP.jsonl
mkdir -p "$RUN_DIR"
STARTED=()  # node processes started and not stopped yet
USED_PORTS=" "
DRIVER=
# shellcheck source=bench/lib.sh
. bench/lib.sh

cleanup() {
  [ -z "$DRIVER" ] || { kill -TERM "$DRIVER" 2> /dev/null || true; stop_wait "$DRIVER" 15; }
  stop "${STARTED[@]+"${STARTED[@]}"}"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

MEDIA=$ROOT/bench/target/media/soak-${VIDEO_KBPS}k.flv
encode_source "$MEDIA" 426x240 25 10 "$VIDEO_KBPS" 64 50

free_port ORIGIN_PORT; free_port EDGE_PORT
free_port ORIGIN_CLUSTER; free_port EDGE_CLUSTER; free_port PROBE_CLUSTER
CLUSTER_NAME=soak-$$-$STAMP
MEMBERS=127.0.0.1:$ORIGIN_CLUSTER,127.0.0.1:$EDGE_CLUSTER
JAVA_OPTS="-Dio.netty.leakDetection.level=$LEAK_DETECTION ${JAVA_OPTS:-}"
start_node origin "$ORIGIN_PORT" "$ORIGIN_CLUSTER" "$MEMBERS" "$RUN_DIR/origin.log" || exit 1
ORIGIN_PID=$NODE_PID
start_node edge "$EDGE_PORT" "$EDGE_CLUSTER" "$MEMBERS" "$RUN_DIR/edge.log" \
  --edge-upstream-idle-ms "$IDLE_MS" --edge-play-wait-ms "$PLAY_WAIT_MS" || exit 1
EDGE_PID=$NODE_PID
echo "origin pid $ORIGIN_PID rtmp $ORIGIN_PORT, edge pid $EDGE_PID rtmp $EDGE_PORT (Netty leak detection:" \
  "$LEAK_DETECTION); logs in $RUN_DIR"

# shellcheck disable=SC2086
timeout $((RUN_SECONDS + 300)) java -Xmx1g -jar bench/target/bench.jar soak \
  --origin "127.0.0.1:$ORIGIN_PORT" --edge "127.0.0.1:$EDGE_PORT" --origin-pid "$ORIGIN_PID" --edge-pid "$EDGE_PID" \
  --origin-log "$RUN_DIR/origin.log" --edge-log "$RUN_DIR/edge.log" --cluster-name "$CLUSTER_NAME" \
  --cluster-members "$MEMBERS" --cluster-port "$PROBE_CLUSTER" --flv "$MEDIA" --seconds "$RUN_SECONDS" \
  --sample-seconds "$SAMPLE_SECONDS" --streams "$STREAMS" --players "$PLAYERS" --idle-ms "$IDLE_MS" \
  --play-wait-ms "$PLAY_WAIT_MS" --out "$OUT" ${SOAK_FLAGS:-} 2> "$RUN_DIR/driver.log" &
DRIVER=$!
STATUS=0
wait "$DRIVER" || STATUS=$?
DRIVER=
[ "$STATUS" -le 1 ] || { echo "the soak driver ended with status $STATUS; its log:" >&2; tail -20 "$RUN_DIR/driver.log" >&2; }

# Stopped one at a time, so each exit status is the node's own; a Netty leak may be reported as late as shutdown.
for role in edge origin; do
  pid=EDGE_PID; [ $role = origin ] && pid=ORIGIN_PID
  stop "${!pid}"
  if [ "$STOPPED_STATUS" -ne 0 ]; then
    echo "soak FAILED: the $role exited with status $STOPPED_STATUS on SIGTERM (see $RUN_DIR/$role.log)"; STATUS=1
  fi
  if grep -q 'LEAK:' "$RUN_DIR/$role.log"; then
    echo "soak FAILED: the $role logged a Netty LEAK: $(grep -m1 'LEAK:' "$RUN_DIR/$role.log")"; STATUS=1
  fi
done
[ "$STATUS" -le 1 ] || STATUS=1
exit "$STATUS"
