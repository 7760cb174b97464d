#!/usr/bin/env bash
# Side-by-side benchmark of our nodes against nginx-rtmp on this machine, in one run. For every scenario it starts
# a fresh server (nginx-rtmp from a generated config; our origin, or an origin plus an edge, with deploy/rtmp-node),
# publishes a pre-encoded 720p H.264/AAC file in real time from the bench JVM, opens the same players against it,
# measures, and stops the server before the next one starts: never two servers under load at once.
#
#   bench/compare.sh [--seconds N] [--json] [SCENARIO...]
#
# SCENARIO: N (one stream, N players on our origin), SxP (S streams x P players), edgeN / edgeSxP (players on an
# edge that pulls from our origin). nginx-rtmp runs each size once; edgeN is compared with nginx's N run.
# Defaults: SCENARIOS="300 1000 50x10 edge300", BENCH_SECONDS=20 (measurement window per run), BENCH_SETTLE=2
# (seconds after the players joined before the window opens), VIDEO_KBPS=2500, BENCH_JSON=1 to print the JSON too.
# JAVA_OPTS is passed to our nodes (deploy/rtmp-node), e.g. for JFR (see bench/README.md); ORIGIN_JAVA_OPTS and
# EDGE_JAVA_OPTS, when set, replace it for that role.
# Writes bench/target/compare-<timestamp>.json (and per-run JSON and server logs in bench/target/compare-<timestamp>/).
# Exit status: 0 when every run measured with all its players playing, 1 otherwise, 2 on a usage error.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit "${1:-2}"; }
WINDOW=${BENCH_SECONDS:-20}
SETTLE=${BENCH_SETTLE:-2}
VIDEO_KBPS=${VIDEO_KBPS:-2500}
PRINT_JSON=${BENCH_JSON:-0}
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) WINDOW=${2:?--seconds needs a value}; shift 2 ;;
    --json) PRINT_JSON=1; shift ;;
    -h|--help) usage 0 ;;
    -*) echo "unknown option $1" >&2; usage ;;
    *) ARGS+=("$1"); shift ;;
  esac
done
# shellcheck disable=SC2206
[ ${#ARGS[@]} -gt 0 ] || ARGS=(${SCENARIOS:-300 1000 50x10 edge300})
[[ $WINDOW =~ ^[1-9][0-9]*$ ]] \
  || { echo "--seconds/BENCH_SECONDS must be a positive integer, got $WINDOW" >&2; exit 2; }
[[ $SETTLE =~ ^[0-9]+$ ]] || { echo "BENCH_SETTLE must be a whole number of seconds, got $SETTLE" >&2; exit 2; }

# scenario label -> "role streams players-per-stream"
parse_scenario() {
  local s=$1 role=origin
  if [[ $s == edge* ]]; then role=edge; s=${s#edge}; fi
  if [[ $s =~ ^([1-9][0-9]*)x([1-9][0-9]*)$ ]]; then echo "$role ${BASH_REMATCH[1]} ${BASH_REMATCH[2]}"
  elif [[ $s =~ ^[1-9][0-9]*$ ]]; then echo "$role 1 $s"
  else echo "unknown scenario '$1' (N, SxP, edgeN or edgeSxP)" >&2; return 2; fi
}
for s in "${ARGS[@]}"; do parse_scenario "$s" > /dev/null || exit 2; done

NGINX_MODULE=/usr/lib/nginx/modules/ngx_rtmp_module.so
command -v nginx > /dev/null && [ -f "$NGINX_MODULE" ] \
  || { echo "needs nginx and the RTMP module: apt-get install -y nginx-light libnginx-mod-rtmp" >&2; exit 1; }
command -v ffmpeg > /dev/null || { echo "needs ffmpeg: apt-get install -y ffmpeg" >&2; exit 1; }
if [ ! -f origin/target/origin.jar ] || [ ! -f edge/target/edge.jar ] || [ ! -f bench/target/bench.jar ]; then
  { mvn -q -B -o package -DskipTests || mvn -q -B package -DskipTests; } >&2
fi

# What is measured, read before the first run: the commit, whether the work tree differs, when the jars were built.
jar_times() { for j in origin edge bench; do printf '%s.jar %s  ' "$j" "$(date -r "$j/target/$j.jar" '+%F %T')"; done; }
COMMIT=$(git rev-parse --short HEAD 2> /dev/null || echo unknown)
WORKTREE=clean
if [ -n "$(git status --porcelain 2> /dev/null)" ]; then
  WORKTREE="uncommitted changes in: $(git status --porcelain | awk '{print $2}' | cut -d/ -f1 | sort -u | paste -sd, -)"
fi
JARS=$(jar_times)
STAMP=$(date +%Y%m%d-%H%M%S)
RUN_DIR=$ROOT/bench/target/compare-$STAMP
OUT_JSON=$ROOT/bench/target/compare-$STAMP.json
TMP=$(mktemp -d /tmp/rtmp-compare.XXXXXX)
mkdir -p "$RUN_DIR"
STARTED=()      # every server process we started and have not stopped yet
BENCH_PID=      # the bench JVM's timeout wrapper while it runs
USED_PORTS=" "

cleanup() {
  local pid
  [ -z "$BENCH_PID" ] || { kill -TERM "$BENCH_PID" 2> /dev/null || true; stop_wait "$BENCH_PID" 15; }
  for pid in "${STARTED[@]}"; do kill -TERM "$pid" 2> /dev/null || true; done
  for pid in "${STARTED[@]}"; do stop_wait "$pid" 12; done
  rm -rf "$TMP"
}
# shellcheck source=bench/lib.sh
. bench/lib.sh
trap cleanup EXIT
trap 'exit 130' INT TERM

# Starts nginx-rtmp; sets NGINX_PIDS (master,worker) and NGINX_PORT. $1: a name for its directory.
start_nginx() {
  local dir=$TMP/nginx-$1 master worker
  free_port NGINX_PORT
  mkdir -p "$dir"
  cat > "$dir/nginx.conf" <<EOF
load_module $NGINX_MODULE;
daemon off;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log notice;
events { worker_connections 4096; }
rtmp { server { listen 127.0.0.1:$NGINX_PORT; chunk_size 4096; application live { live on; } } }
EOF
  nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" > "$dir/stdout.log" 2>&1 &
  master=$!
  STARTED+=("$master")
  if ! wait_for "$master" 10 listening "$NGINX_PORT"; then
    echo "nginx did not start listening on $NGINX_PORT within 10 s:" >&2; tail -5 "$dir/error.log" "$dir/stdout.log" >&2
    return 1
  fi
  worker=$(pgrep -P "$master" | head -1)
  [ -n "$worker" ] || { echo "nginx has no worker process" >&2; return 1; }
  NGINX_PIDS=$master,$worker
  NGINX_LOG=$dir/error.log
}

RUN=0
RUN_FILES=()
FAILED=0
NGINX_DONE=" "
MEDIA=$ROOT/bench/target/media/src-${VIDEO_KBPS}k.flv

# One bench JVM against one server. $1 server, $2 label, $3 streams, $4 players per stream, $5 publish port,
# $6 play port, $7 server pids, $8 origin pids (edge runs), $9 server logs.
measure() {
  local out
  out=$RUN_DIR/$(printf '%02d' "$RUN")-$1-$2.json
  echo "[$((RUN))] $2 on $1: $(($3 * $4)) players, ${WINDOW} s window" >&2
  # In the background so that a signal to this script is handled at once, not when the JVM is done.
  timeout $((WINDOW + SETTLE + 180)) java -Xmx2g -jar bench/target/bench.jar scenario --label "$2" --server "$1" \
    --streams "$3" --players "$4" --publish "127.0.0.1:$5" --play "127.0.0.1:$6" --server-pids "$7" \
    --origin-pids "$8" --server-logs "$9" --flv "$MEDIA" --seconds "$WINDOW" --settle "$SETTLE" \
    --clk-tck "$(getconf CLK_TCK)" --out "$out" &
  BENCH_PID=$!
  wait "$BENCH_PID" || FAILED=1
  BENCH_PID=
  if [ -f "$out" ]; then
    RUN_FILES+=("$out")
  else
    failed_run "$1" "$2" "$3" "$4" "the bench JVM ended without a result (timed out?)"
  fi
}

failed_run() { # server label streams players-per-stream reason
  local out
  out=$RUN_DIR/$(printf '%02d' "$RUN")-$1-$2.json
  printf '{"label":"%s","server":"%s","streams":%d,"playersPerStream":%d,"players":%d,"error":"%s"}\n' \
    "$2" "$1" "$3" "$4" $(($3 * $4)) "$5" > "$out"
  RUN_FILES+=("$out")
  FAILED=1
}

run_nginx() { # label streams players-per-stream
  RUN=$((RUN + 1))
  if start_nginx "$RUN"; then
    measure nginx "$1" "$2" "$3" "$NGINX_PORT" "$NGINX_PORT" "$NGINX_PIDS" "" "$NGINX_LOG"
    cp "$NGINX_LOG" "$RUN_DIR/$(printf '%02d' "$RUN")-nginx-error.log"
  else
    failed_run nginx "$1" "$2" "$3" "nginx-rtmp could not be started"
  fi
  stop "${STARTED[@]}"
}

run_ours() { # role label streams players-per-stream
  RUN=$((RUN + 1))
  local prefix log origin_port origin_cluster edge_cluster origin_pid members edge_port edge_log
  prefix=$RUN_DIR/$(printf '%02d' "$RUN")
  log=$prefix-origin.log
  free_port origin_port; free_port origin_cluster; free_port edge_cluster
  CLUSTER_NAME=bench-compare-$$-$RUN
  members=127.0.0.1:$origin_cluster
  [ "$1" = edge ] && members+=,127.0.0.1:$edge_cluster
  if ! start_node origin "$origin_port" "$origin_cluster" "$members" "$log"; then
    failed_run "$1" "$2" "$3" "$4" "our origin could not be started (see $log)"
  elif [ "$1" = origin ]; then
    origin_pid=$NODE_PID
    measure origin "$2" "$3" "$4" "$origin_port" "$origin_port" "$origin_pid" "" "$log"
  else
    origin_pid=$NODE_PID
    free_port edge_port; edge_log=$prefix-edge.log
    if start_node edge "$edge_port" "$edge_cluster" "$members" "$edge_log"; then
      measure edge "$2" "$3" "$4" "$origin_port" "$edge_port" "$NODE_PID" "$origin_pid" "$edge_log,$log"
    else
      failed_run edge "$2" "$3" "$4" "our edge could not be started (see $edge_log)"
    fi
  fi
  stop "${STARTED[@]}"
}

encode_source "$MEDIA" 1280x720 30 30 "$VIDEO_KBPS" 128 60

for s in "${ARGS[@]}"; do
  read -r role streams per <<< "$(parse_scenario "$s")"
  size=${streams}x$per
  if [[ $NGINX_DONE != *" $size "* ]]; then
    label=$s
    [ "$role" = edge ] && label=${s#edge}
    run_nginx "$label" "$streams" "$per"
    NGINX_DONE+="$size "
  fi
  run_ours "$role" "$s" "$streams" "$per"
done

JARS_NOW=$(jar_times)
[ "$JARS_NOW" = "$JARS" ] || JARS="$JARS; REBUILT DURING THE RUN, now $JARS_NOW"
PRINT=false
[ "$PRINT_JSON" != 1 ] || PRINT=true
java -jar bench/target/bench.jar report --out "$OUT_JSON" --print-json "$PRINT" \
  --commit "$COMMIT" --worktree "$WORKTREE" --jars "$JARS" --nginx-version "$(nginx -v 2>&1 | sed 's|.*nginx/||')" \
  -- "${RUN_FILES[@]}" || FAILED=1
exit $FAILED
