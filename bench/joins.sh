#!/usr/bin/env bash
# What authorization costs a join: one origin started as README starts it, one ffmpeg publisher (a pre-encoded
# 720p source sent in real time), and players that connect, play and leave on their first keyframe: RTMPDUMP (100)
# rtmpdump processes one at a time (a real player: start to first keyframe on its output), then bench.jar's own.
# The origin runs in turn with AUTH_PLAY open, token (signed tokens) and webhook (a receiver answering after
# WEBHOOK_DELAY_MS), ROUNDS times, alternating, so that the machine's drift hits all three alike.
#   bench/joins.sh                     # ROUNDS=3, 300 sequential joins for the time to first keyframe, then
#                                      # 600 joins 50 at a time for joins per second
# Prints one line per run and the medians per policy, with token and webhook as ratios of open.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
STARTED=()
USED_PORTS=" "
ROUNDS=${ROUNDS:-3}
SEQUENTIAL=${SEQUENTIAL:-300}
CONCURRENT=${CONCURRENT:-600}
CONCURRENCY=${CONCURRENCY:-50}
RTMPDUMP=${RTMPDUMP:-100}
WEBHOOK_DELAY_MS=${WEBHOOK_DELAY_MS:-50}
POLICIES=${POLICIES:-open token webhook}
CLUSTER_NAME=joins-$$
WORK=$(mktemp -d)
trap 'stop "${STARTED[@]+"${STARTED[@]}"}"; rm -rf "$WORK"' EXIT

[ -f origin/target/origin.jar ] && [ -f bench/target/bench.jar ] || mvn -q -B package -DskipTests
SOURCE=bench/target/joins-source.flv
encode_source "$SOURCE" 1280x720 30 30 2500 128 30

KEYS=bench:joins-benchmark-secret-0123
free_port hook_port
java -jar bench/target/bench.jar webhook-receiver --port "$hook_port" --delay-ms "$WEBHOOK_DELAY_MS" \
  > "$WORK/receiver.log" 2>&1 &
STARTED+=($!)
wait_for $! 30 grep -q "webhook receiver on" "$WORK/receiver.log"

run() { # policy round
  local policy=$1 rtmp cluster flags=(--auth-keys "$KEYS" --cluster-secret joins-benchmark-cluster-secret) query="" log="$WORK/$1-$2.log"
  free_port rtmp; free_port cluster
  case $policy in
    token) flags+=(--auth-play token) ;;
    webhook) flags+=(--auth-play webhook --auth-webhook-url "http://127.0.0.1:$hook_port/"
                     --auth-webhook-secret joins-benchmark-webhook) ;;
  esac
  start_node origin "$rtmp" "$cluster" "127.0.0.1:$cluster" "$log" "${flags[@]}"
  local node=$NODE_PID
  ffmpeg -hide_banner -loglevel error -re -stream_loop -1 -i "$SOURCE" -c copy -f flv \
    "rtmp://127.0.0.1:$rtmp/live/joins" &
  local publisher=$!
  STARTED+=("$publisher")
  wait_for "$node" 30 grep -q "publish started live/joins" "$log"
  sleep 2 # a whole GOP in the cache: every join is answered from it
  if [ "$policy" = token ]; then
    query=$(AUTH_KEYS=$KEYS deploy/rtmp-node token play live/joins --ttl 3600)
  fi
  local seq con
  seq=$(java -jar bench/target/bench.jar joins --port "$rtmp" --stream live/joins --players "$SEQUENTIAL" \
    --concurrency 1 --query "$query")
  con=$(java -jar bench/target/bench.jar joins --port "$rtmp" --stream live/joins --players "$CONCURRENT" \
    --concurrency "$CONCURRENCY" --query "$query")
  local real
  real=$(java -jar bench/target/bench.jar joins --port "$rtmp" --stream live/joins --players "$RTMPDUMP" \
    --player rtmpdump --query "$query")
  echo "policy=$policy round=$2 rtmpdump: $real | sequential: $seq | concurrent: $con" | tee -a "$WORK/results"
  stop "$publisher" "$node"
}

for round in $(seq "$ROUNDS"); do
  for policy in $POLICIES; do run "$policy" "$round"; done
done

awk '
  { p = $1; sub("policy=", "", p)
    for (i = 1; i <= NF; i++) {
      if ($i ~ /^join_p50_us=/) { split($i, a, "="); real[p] = real[p] " " a[2] }
      if ($i ~ /^ttfk_p50_us=/ && !(p in seen)) { split($i, a, "="); ttfk[p] = ttfk[p] " " a[2]; seen[p] = 1 }
      if ($i ~ /^joins_per_second=/) { split($i, a, "="); if (!(p in got)) got[p] = 0; got[p]++;
        if (got[p] % 2 == 0) jps[p] = jps[p] " " a[2] }
    }
    delete seen }
  function median(list,   n, v, i, j, t) { n = split(list, v, " ");
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2 }
  END {
    printf "%-8s %18s %10s %14s %10s %14s %10s\n", "policy", "rtmpdump p50 (us)", "vs open", "ttfk p50 (us)",
      "vs open", "joins/s (x50)", "vs open"
    for (k = 1; k <= 3; k++) { p = (k == 1 ? "open" : k == 2 ? "token" : "webhook")
      if (!(p in ttfk)) continue
      r = median(real[p]); t = median(ttfk[p]); j = median(jps[p])
      printf "%-8s %18d %+10d %14d %+10d %14.1f %9.2fx\n", p, r, r - median(real["open"]), t,
        t - median(ttfk["open"]), j, j / median(jps["open"]) }
  }' "$WORK/results" | tee bench/target/joins-$(date +%Y%m%d-%H%M%S).txt
