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
DRIVER=
USED_PORTS=" "

cleanup() {
  local pid
  [ -z "$DRIVER" ] || { kill -TERM "$DRIVER" 2> /dev/null || true; stop_wait "$DRIVER" 15; }
  for pid in "${STARTED[@]+"${STARTED[@]}"}"; do kill -TERM "$pid" 2> /dev/null || true; done
  for pid in "${STARTED[@]+"${STARTED[@]}"}"; do stop_wait "$pid" 12; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Waits up to $2 s for process $1 to exit, then kills it. Sets STOPPED_STATUS to its exit status.
stop_wait() {
  local pid=$1 deadline=$((SECONDS + $2))
  while kill -0 "$pid" 2> /dev/null && [ $SECONDS -lt "$deadline" ]; do sleep 0.1; done
  kill -KILL "$pid" 2> /dev/null || true
  STOPPED_STATUS=0
  wait "$pid" 2> /dev/null || STOPPED_STATUS=$?
}

# Removes $1 from STARTED: stopped already.
forget() {
  local pid remaining=()
  for pid in "${STARTED[@]}"; do [ "$pid" = "$1" ] || remaining+=("$pid"); done
  STARTED=("${remaining[@]+"${remaining[@]}"}")
}

# Sets variable $1 to a free TCP port below the ephemeral range (32768 and up), where no outgoing connection can
# take it between this check and the node binding it.
free_port() {
  local p
  for _ in $(seq 100); do
    p=$((20000 + RANDOM % 12000))
    if [[ $USED_PORTS != *" $p "* ]] && ! ss -Htan "( sport = :$p )" | grep -q .; then
      USED_PORTS+="$p "; printf -v "$1" %s "$p"; return
    fi
  done
  echo "no free TCP port found" >&2; return 1
}

# Starts a node as README does; sets NODE_PID. $1 role, $2 rtmp port, $3 cluster port, $4 log, then extra flags.
start_node() {
  local role=$1 rtmp=$2 cluster=$3 log=$4 http deadline
  shift 4
  free_port http
  JAVA_OPTS="-Dio.netty.leakDetection.level=$LEAK_DETECTION ${JAVA_OPTS:-}" deploy/rtmp-node "$role" \
    --rtmp-port "$rtmp" --http-port "$http" --bind-host 127.0.0.1 --public-host 127.0.0.1 \
    --cluster-name "$CLUSTER" --cluster-host 127.0.0.1 --cluster-port "$cluster" --cluster-members "$MEMBERS" \
    "$@" > "$log" 2>&1 &
  NODE_PID=$!
  STARTED+=("$NODE_PID")
  deadline=$((SECONDS + 90))
  until grep -q "$role node " "$log"; do
    if ! kill -0 "$NODE_PID" 2> /dev/null || [ $SECONDS -ge $deadline ]; then
      echo "$role node did not start (it exited, or was not up within 90 s):" >&2; tail -20 "$log" >&2
      exit 1
    fi
    sleep 0.2
  done
}

MEDIA=$ROOT/bench/target/media/soak-${VIDEO_KBPS}k.flv
if [ ! -f "$MEDIA" ]; then
  echo "encoding a 10 s 240p source at ${VIDEO_KBPS} kbps (once, kept in $MEDIA)..."
  mkdir -p "$(dirname "$MEDIA")"
  ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc2=size=426x240:rate=25 \
    -f lavfi -i sine=frequency=440:sample_rate=44100 -t 10 -c:v libx264 -preset veryfast -b:v "${VIDEO_KBPS}k" \
    -maxrate "${VIDEO_KBPS}k" -bufsize "$((VIDEO_KBPS * 2))k" -g 50 -pix_fmt yuv420p -c:a aac -b:a 64k \
    -f flv "$MEDIA.tmp"
  mv "$MEDIA.tmp" "$MEDIA"
fi

free_port ORIGIN_PORT; free_port EDGE_PORT
free_port ORIGIN_CLUSTER; free_port EDGE_CLUSTER; free_port PROBE_CLUSTER
CLUSTER=soak-$$-$STAMP
MEMBERS=127.0.0.1:$ORIGIN_CLUSTER,127.0.0.1:$EDGE_CLUSTER
start_node origin "$ORIGIN_PORT" "$ORIGIN_CLUSTER" "$RUN_DIR/origin.log"
ORIGIN_PID=$NODE_PID
start_node edge "$EDGE_PORT" "$EDGE_CLUSTER" "$RUN_DIR/edge.log" \
  --edge-upstream-idle-ms "$IDLE_MS" --edge-play-wait-ms "$PLAY_WAIT_MS"
EDGE_PID=$NODE_PID
echo "origin pid $ORIGIN_PID rtmp $ORIGIN_PORT, edge pid $EDGE_PID rtmp $EDGE_PORT (Netty leak detection:" \
  "$LEAK_DETECTION); logs in $RUN_DIR"

# shellcheck disable=SC2086
timeout $((RUN_SECONDS + 300)) java -Xmx1g -jar bench/target/bench.jar soak \
  --origin "127.0.0.1:$ORIGIN_PORT" --edge "127.0.0.1:$EDGE_PORT" --origin-pid "$ORIGIN_PID" --edge-pid "$EDGE_PID" \
  --origin-log "$RUN_DIR/origin.log" --edge-log "$RUN_DIR/edge.log" --cluster-name "$CLUSTER" \
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
  kill -TERM "${!pid}" 2> /dev/null || true
  stop_wait "${!pid}" 12
  forget "${!pid}"
  if [ "$STOPPED_STATUS" -ne 0 ]; then
    echo "soak FAILED: the $role exited with status $STOPPED_STATUS on SIGTERM (see $RUN_DIR/$role.log)"; STATUS=1
  fi
  if grep -q 'LEAK:' "$RUN_DIR/$role.log"; then
    echo "soak FAILED: the $role logged a Netty LEAK: $(grep -m1 'LEAK:' "$RUN_DIR/$role.log")"; STATUS=1
  fi
done
[ "$STATUS" -le 1 ] || STATUS=1
exit "$STATUS"
