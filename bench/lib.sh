# What the bench scripts share (sourced by compare.sh and soak.sh): our nodes started as README starts them, free
# ports, waits with timeouts, stopping what was started, and the test source they publish. The sourcing script runs
# from the project root and keeps two variables: STARTED (pids started and not stopped yet, an array) and
# USED_PORTS (" ").

# Waits up to $2 s for process $1 to exit, then kills it; sets STOPPED_STATUS to its exit status.
stop_wait() {
  local pid=$1 deadline=$((SECONDS + $2))
  while kill -0 "$pid" 2> /dev/null && [ $SECONDS -lt "$deadline" ]; do sleep 0.1; done
  kill -KILL "$pid" 2> /dev/null || true
  STOPPED_STATUS=0
  wait "$pid" 2> /dev/null || STOPPED_STATUS=$?
}

# Stops the processes named (SIGTERM, SIGKILL after 12 s) and forgets them; STOPPED_STATUS is the last one's.
stop() {
  local pid remaining=()
  for pid in "$@"; do kill -TERM "$pid" 2> /dev/null || true; done
  for pid in "$@"; do stop_wait "$pid" 12; done
  for pid in "${STARTED[@]}"; do [[ " $* " == *" $pid "* ]] || remaining+=("$pid"); done
  STARTED=("${remaining[@]+"${remaining[@]}"}")
}

# Sets variable $1 to a TCP port nothing uses and this run has not handed out yet, below Linux's ephemeral range
# (32768 and up): there no process's outgoing connection can take it between this check and the node binding it.
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

# Waits up to $2 s for "$3 ..." to succeed while process $1 lives.
wait_for() {
  local pid=$1 deadline=$((SECONDS + $2)); shift 2
  until "$@" 2> /dev/null; do
    kill -0 "$pid" 2> /dev/null || return 1
    [ $SECONDS -lt "$deadline" ] || return 1
    sleep 0.1
  done
}
listening() { ss -Htln "( sport = :$1 )" | grep -q .; }

# Starts one of our nodes as README does, in cluster $CLUSTER_NAME, and waits for its start line; sets NODE_PID.
# $1 role, $2 rtmp port, $3 cluster port, $4 members, $5 log, then more flags for the node. JAVA_OPTS goes to the
# node; ORIGIN_JAVA_OPTS or EDGE_JAVA_OPTS, when set, replace it for that role.
start_node() {
  local role=$1 rtmp=$2 cluster=$3 members=$4 log=$5 opts=${1^^}_JAVA_OPTS http_port
  shift 5
  free_port http_port
  JAVA_OPTS=${!opts:-${JAVA_OPTS:-}} deploy/rtmp-node "$role" --rtmp-port "$rtmp" --http-port "$http_port" \
    --bind-host 127.0.0.1 --public-host 127.0.0.1 --cluster-name "$CLUSTER_NAME" \
    --cluster-host 127.0.0.1 --cluster-port "$cluster" --cluster-members "$members" "$@" > "$log" 2>&1 &
  NODE_PID=$!
  STARTED+=("$NODE_PID")
  # A cold JVM on a busy two-core machine: the node itself starts in seconds.
  if ! wait_for "$NODE_PID" 90 grep -q "$role node " "$log"; then
    echo "$role node did not start (it exited, or was not up within 90 s):" >&2; tail -20 "$log" >&2
    return 1
  fi
}

# Encodes the test source once into $1 (kept for later runs): testsrc2 video and a 440 Hz tone, H.264 (libx264
# veryfast, at most $5 kbit/s) and AAC ($6 kbit/s). $2 size (WxH), $3 frames per second, $4 seconds, $7 GOP frames.
encode_source() {
  [ ! -f "$1" ] || return 0
  echo "encoding a $4 s $2 source at $5 kbps (once, kept in $1)..." >&2
  mkdir -p "$(dirname "$1")"
  ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=$2:rate=$3" \
    -f lavfi -i sine=frequency=440:sample_rate=44100 -t "$4" -c:v libx264 -preset veryfast -b:v "$5k" \
    -maxrate "$5k" -bufsize "$(($5 * 2))k" -g "$7" -pix_fmt yuv420p -c:a aac -b:a "$6k" -f flv "$1.tmp"
  mv "$1.tmp" "$1"
}
