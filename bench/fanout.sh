#!/usr/bin/env bash
# Fan-out benchmark: one origin (and with EDGE=1 one edge pulling from it), one ffmpeg publisher (pre-encoded 720p
# H.264/AAC sent in real time with -c copy, so encoding costs nothing during the run), N players from bench.jar on
# the node under test. Prints what the players received and that node's CPU over the measured window.
#   bench/fanout.sh [PLAYERS] [SECONDS] [VIDEO_KBPS]        players on the origin
#   EDGE=1 bench/fanout.sh [PLAYERS] [SECONDS] [VIDEO_KBPS] players on an edge
set -euo pipefail
cd "$(dirname "$0")/.."
PLAYERS=${1:-200}
SECONDS_=${2:-20}
VIDEO_KBPS=${3:-2500}
ORIGIN_PORT=${ORIGIN_PORT:-19935}
EDGE_PORT=${EDGE_PORT:-19936}
MEMBERS=127.0.0.1:25701,127.0.0.1:25702
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

[ -f origin/target/origin.jar ] && [ -f edge/target/edge.jar ] && [ -f bench/target/bench.jar ] \
  || mvn -q -B package -DskipTests

echo "encoding a 30 s 720p test source at ${VIDEO_KBPS} kbps..."
ffmpeg -hide_banner -loglevel error -f lavfi -i testsrc2=size=1280x720:rate=30 -f lavfi -i sine=frequency=440 \
  -t 30 -c:v libx264 -preset veryfast -b:v "${VIDEO_KBPS}k" -maxrate "${VIDEO_KBPS}k" -bufsize "$((VIDEO_KBPS * 2))k" \
  -g 60 -pix_fmt yuv420p -c:a aac -b:a 128k -f flv "$WORK/src.flv"

start_node() { # role port cluster-port log
  touch "$4"
  java -jar "$1/target/$1.jar" --rtmp-port "$2" --bind-host 127.0.0.1 --cluster-port "$3" \
    --cluster-members "$MEMBERS" > "$4" 2>&1 &
  until grep -q "$1 node" "$4"; do sleep 0.2; done
}
start_node origin "$ORIGIN_PORT" 25701 "$WORK/origin.log"
ORIGIN=$!
ffmpeg -hide_banner -loglevel error -re -stream_loop -1 -i "$WORK/src.flv" -c copy -f flv \
  "rtmp://127.0.0.1:$ORIGIN_PORT/live/bench" &
until grep -q "publish started" "$WORK/origin.log"; do sleep 0.2; done

NODE=$ORIGIN PORT=$ORIGIN_PORT LOG=$WORK/origin.log ROLE=origin
if [ "${EDGE:-0}" = 1 ]; then
  start_node edge "$EDGE_PORT" 25702 "$WORK/edge.log"
  NODE=$! PORT=$EDGE_PORT LOG=$WORK/edge.log ROLE=edge
fi

cpu_ticks() { awk '{print $14 + $15}' "/proc/$NODE/stat"; }
java -jar bench/target/bench.jar fanout "rtmp://127.0.0.1:$PORT/live/bench" "$PLAYERS" "$SECONDS_" > "$WORK/result" &
BENCH=$!
until [ "$(grep -c 'play started' "$LOG")" -ge "$PLAYERS" ]; do sleep 0.2; done
T0=$(cpu_ticks); S0=$(date +%s.%N)
wait $BENCH || true
T1=$(cpu_ticks); S1=$(date +%s.%N)
HZ=$(getconf CLK_TCK)
CPU=$(awk -v t0="$T0" -v t1="$T1" -v s0="$S0" -v s1="$S1" -v hz="$HZ" 'BEGIN {printf "%.1f", 100 * (t1 - t0) / hz / (s1 - s0)}')
UPSTREAMS=$(grep -c 'play started' "$WORK/origin.log")
echo "$(cat "$WORK/result") node=$ROLE ${ROLE}_cpu_percent_of_one_core=$CPU origin_play_sessions=$UPSTREAMS cores=$(nproc)"
