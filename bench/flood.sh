#!/usr/bin/env bash
# Partial-message flood (issue 18): one origin as operators run it (deploy/rtmp-node, JAVA_OPTS -Xmx1g unless set),
# a live stream on it (ffmpeg testsrc 720p30, real time) and a player (ffmpeg -c copy, each FLV tag timed by
# bench/flv_gaps.py). After 10 s, CONNS connections from 127.0.0.1 each send MESSAGES commands of SIZE bytes, each
# short of its last chunk, and hold them HOLD seconds (bench/flood.py). Prints the origin's RSS before the flood and
# the most during it, how many of the flood's connections the node closed, and the player's longest wait between
# two tags from 5 s on.
#
#   bench/flood.sh [ORIGIN_JAR]      (default origin/target/origin.jar; pass an older build's jar to compare)
#
# Settings (environment): CONNS (40), MESSAGES (3), SIZE (8000000), HOLD (20), JAVA_OPTS (-Xmx1g), NODE_FLAGS (more
# flags for the origin).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
STARTED=()
USED_PORTS=" "
trap 'kill "${STARTED[@]}" 2> /dev/null || true' EXIT
JAR=${1:-origin/target/origin.jar}
CONNS=${CONNS:-40} MESSAGES=${MESSAGES:-3} SIZE=${SIZE:-8000000} HOLD=${HOLD:-20}
export JAVA_OPTS=${JAVA_OPTS:--Xmx1g}
free_port RTMP; free_port HTTP; free_port CLUSTER
LOG=$(mktemp)
# shellcheck disable=SC2086
JAR=$JAR deploy/rtmp-node origin --bind-host 127.0.0.1 --rtmp-port "$RTMP" --http-port "$HTTP" \
  --cluster-port "$CLUSTER" --cluster-name "flood-$$" ${NODE_FLAGS:-} > "$LOG" 2>&1 &
NODE=$!; STARTED+=("$NODE")
for _ in $(seq 300); do grep -q "origin node " "$LOG" && break; sleep 0.2; done
grep "origin node " "$LOG" | sed 's/.*INFO \[[^]]*\] //'
ffmpeg -hide_banner -loglevel error -re -f lavfi -i testsrc=size=1280x720:rate=30 -f lavfi -i sine=frequency=440 \
  -c:v libx264 -preset ultrafast -g 30 -pix_fmt yuv420p -c:a aac -t $((HOLD + 40)) -f flv \
  "rtmp://127.0.0.1:$RTMP/live/bystander" > /dev/null 2>&1 &
STARTED+=("$!")
sleep 3
( ffmpeg -hide_banner -loglevel error -i "rtmp://127.0.0.1:$RTMP/live/bystander" -c copy -f flv - \
    | python3 bench/flv_gaps.py 5 $((HOLD + 20)) ) &
PLAYER=$!; STARTED+=("$PLAYER")
sleep 7
rss() { awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$1/status"; }
before=$(rss "$NODE"); most=$before
python3 bench/flood.py "$RTMP" "$CONNS" "$MESSAGES" "$SIZE" "$HOLD" &
FLOOD=$!; STARTED+=("$FLOOD")
while kill -0 "$FLOOD" 2> /dev/null; do
  now=$(rss "$NODE"); [ "$now" -gt "$most" ] && most=$now
  sleep 0.5
done
kill -0 "$NODE" 2> /dev/null && alive=yes || alive=no
echo "origin RSS ${before} MB before the flood, at most ${most} MB during it; node up after it: $alive"
echo "closed for the memory budget: $(grep -c 'node memory budget' "$LOG" || true); for a per-connection bound:" \
  "$(grep -c 'over limit' "$LOG" || true); for no connect in time: $(grep -c 'no connect within' "$LOG" || true)"
wait "$PLAYER" || true
rm -f "$LOG"
