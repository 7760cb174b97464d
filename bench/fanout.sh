#!/usr/bin/env bash
# Fan-out benchmark: one origin, one ffmpeg publisher (pre-encoded 720p H.264/AAC, sent in real time with -c copy
# so encoding costs nothing during the run), N players from bench.jar. Prints what the players received and the
# origin's CPU over the measured window.
#   bench/fanout.sh [PLAYERS] [SECONDS] [VIDEO_KBPS]
set -euo pipefail
cd "$(dirname "$0")/.."
PLAYERS=${1:-200}
SECONDS_=${2:-20}
VIDEO_KBPS=${3:-2500}
PORT=${PORT:-19935}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

[ -f origin/target/origin.jar ] && [ -f bench/target/bench.jar ] || mvn -q -B package -DskipTests

echo "encoding a 30 s 720p test source at ${VIDEO_KBPS} kbps..."
ffmpeg -hide_banner -loglevel error -f lavfi -i testsrc2=size=1280x720:rate=30 -f lavfi -i sine=frequency=440 \
  -t 30 -c:v libx264 -preset veryfast -b:v "${VIDEO_KBPS}k" -maxrate "${VIDEO_KBPS}k" -bufsize "$((VIDEO_KBPS * 2))k" \
  -g 60 -pix_fmt yuv420p -c:a aac -b:a 128k -f flv "$WORK/src.flv"

touch "$WORK/origin.log"
java -jar origin/target/origin.jar --rtmp-port "$PORT" --bind-host 127.0.0.1 --cluster-port 25701 \
  > "$WORK/origin.log" 2>&1 &
ORIGIN=$!
until grep -q "origin node" "$WORK/origin.log"; do sleep 0.2; done
ffmpeg -hide_banner -loglevel error -re -stream_loop -1 -i "$WORK/src.flv" -c copy -f flv \
  "rtmp://127.0.0.1:$PORT/live/bench" &
until grep -q "publish started" "$WORK/origin.log"; do sleep 0.2; done

cpu_ticks() { awk '{print $14 + $15}' "/proc/$ORIGIN/stat"; }
java -jar bench/target/bench.jar "rtmp://127.0.0.1:$PORT/live/bench" "$PLAYERS" "$SECONDS_" > "$WORK/result" &
BENCH=$!
until [ "$(grep -c 'play started' "$WORK/origin.log")" -ge "$PLAYERS" ]; do sleep 0.2; done
T0=$(cpu_ticks); S0=$(date +%s.%N)
wait $BENCH || true
T1=$(cpu_ticks); S1=$(date +%s.%N)
HZ=$(getconf CLK_TCK)
CPU=$(awk -v t0="$T0" -v t1="$T1" -v s0="$S0" -v s1="$S1" -v hz="$HZ" 'BEGIN {printf "%.1f", 100 * (t1 - t0) / hz / (s1 - s0)}')
echo "$(cat "$WORK/result") origin_cpu_percent_of_one_core=$CPU cores=$(nproc)"
