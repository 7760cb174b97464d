#!/usr/bin/env bash
# Checks the container image: deploy/image/check.sh [--no-build]  (root; CI runs it from .ci/run)
#
# Builds it (--no-build: uses the one built), asserts the config contract the Kubernetes manifests rely on, then
# runs it without a container runtime: the image unpacked, /proc and a minimal /dev mounted inside, and each node
# started with chroot the way a runtime would start the image (its Env, User, WorkingDir and Entrypoint, read
# from the config): an origin (role from $ROLE) and an edge (role as the argument) in one cluster on loopback.
# ffmpeg publishes to the origin, a player on the edge must get frames; /health (with the image's own health
# check command), /ready, the preStop drain and SIGTERM must behave. Ends with one line: passed, or what failed.
set -euo pipefail
cd "$(dirname "$0")/../.."

OUT=${IMAGE_OUT:-deploy/image/target}
TAG=rtmp-cluster:latest
HEALTH='curl -fsS http://127.0.0.1:${HTTP_PORT}/health'
started=$SECONDS

WORK=
ROOT=
pids=()
mounts=()
fail() {
  for log in ${WORK:+"$WORK"/*.log}; do
    [ -f "$log" ] && { echo "--- last lines of $(basename "$log")"; tail -n 15 "$log"; }
  done >&2
  echo "image check FAILED: $*" >&2
  exit 1
}
cleanup() {
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  local i
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
    umount "${mounts[i]}" 2>/dev/null || umount -l "${mounts[i]}" || true
  done
  # --one-file-system: never into a mount that failed to go away.
  [ -z "$WORK" ] || rm -rf --one-file-system "$WORK"
}
trap cleanup EXIT
trap 'fail "interrupted"' INT TERM

[ "$(id -u)" = 0 ] || fail "run as root (it mounts /proc and chroots)"
for tool in umoci jq curl ffmpeg chroot mount; do
  command -v "$tool" >/dev/null || fail "$tool is missing (apt-get install -y umoci jq curl ffmpeg)"
done
[ "${1:-}" = --no-build ] || deploy/image/build.sh
checking=$SECONDS

# --- the config contract ----------------------------------------------------------------------------------------
LAYOUT=$OUT/oci
[ -f "$LAYOUT/index.json" ] || fail "no image at $LAYOUT (run deploy/image/build.sh)"
blob() { echo "$LAYOUT/blobs/${1/://}"; }
digest=$(jq -r --arg t "$TAG" \
  '.manifests[] | select(.annotations["org.opencontainers.image.ref.name"] == $t) | .digest' "$LAYOUT/index.json")
[ -n "$digest" ] || fail "no tag $TAG in $LAYOUT/index.json"
MANIFEST=$(blob "$digest")
CONFIG=$(blob "$(jq -r .config.digest "$MANIFEST")")
expect() { # what, actual, expected
  [ "$2" = "$3" ] || fail "$1 is '$2', expected '$3'"
}
expect "config user" "$(jq -r .config.User "$CONFIG")" 10001:10001
expect "config working dir" "$(jq -r .config.WorkingDir "$CONFIG")" /opt/rtmp-cluster
expect "config entrypoint" "$(jq -c .config.Entrypoint "$CONFIG")" '["/opt/rtmp-cluster/bin/entrypoint"]'
expect "config cmd" "$(jq -c .config.Cmd "$CONFIG")" null
expect "config stop signal" "$(jq -r .config.StopSignal "$CONFIG")" SIGTERM
expect "exposed ports" "$(jq -c '.config.ExposedPorts | keys' "$CONFIG")" '["1935/tcp","5701/tcp","8080/tcp"]'
for e in ROLE=origin RTMP_PORT=1935 HTTP_PORT=8080 CLUSTER_PORT=5701 BIND_HOST=0.0.0.0 HOME=/home/rtmp; do
  jq -e --arg e "$e" '.config.Env | index($e)' "$CONFIG" >/dev/null || fail "config env lacks $e"
done
# Every node setting the image sets must be one the node reads (the rest are the process's own).
settings=$(grep -o 'new Setting("[A-Z_]*"' shared/src/main/java/org/rtmpcluster/node/NodeConfig.java | cut -d'"' -f2)
for name in $(jq -r '.config.Env[] | sub("=.*"; "")' "$CONFIG"); do
  case "$name" in PATH | HOME | LANG | JAVA_HOME | ROLE) continue ;; esac
  grep -qx "$name" <<<"$settings" || fail "config env sets $name, which is no setting in NodeConfig.java"
done
for where in "$CONFIG:.config.Labels" "$MANIFEST:.annotations"; do
  file=${where%%:*} path=${where#*:}
  expect "$path healthcheck" "$(jq -r "$path[\"org.rtmp-cluster.healthcheck\"]" "$file")" "$HEALTH"
  for key in source version revision; do
    value=$(jq -r "$path[\"org.opencontainers.image.$key\"] // empty" "$file")
    [ -n "$value" ] || fail "$path has no org.opencontainers.image.$key"
  done
done
mapfile -t image_env < <(jq -r '.config.Env[]' "$CONFIG")
mapfile -t entrypoint < <(jq -r '.config.Entrypoint[]' "$CONFIG")
user=$(jq -r .config.User "$CONFIG")
workdir=$(jq -r .config.WorkingDir "$CONFIG")
echo "image check: config contract holds ($(jq -r '.config.Labels["org.opencontainers.image.version"]' "$CONFIG")," \
  "$(jq -r '.config.Labels["org.opencontainers.image.revision"]' "$CONFIG" | cut -c1-12))"

# --- the root filesystem ----------------------------------------------------------------------------------------
WORK=$(mktemp -d /tmp/rtmp-image-check.XXXXXX)
ROOT=$WORK/rootfs
umoci raw unpack --image "$LAYOUT:$TAG" "$ROOT" >"$WORK/unpack.log" 2>&1 || fail "umoci raw unpack failed"
for f in origin/target/origin.jar edge/target/edge.jar; do
  [ -f "$ROOT/opt/rtmp-cluster/$f" ] || fail "/opt/rtmp-cluster/$f is missing"
done
for f in deploy/rtmp-node bin/entrypoint bin/drain; do
  [ -x "$ROOT/opt/rtmp-cluster/$f" ] || fail "/opt/rtmp-cluster/$f is missing or not executable"
done
expect "passwd entry of rtmp" "$(grep '^rtmp:' "$ROOT/etc/passwd" | cut -d: -f3,4,6)" 10001:10001:/home/rtmp
expect "owner of /home/rtmp" "$(stat -c %u:%g "$ROOT/home/rtmp")" 10001:10001

# What a container runtime provides: /proc, a few devices, and its own /etc/hosts and /etc/resolv.conf.
mount -t proc proc "$ROOT/proc" || fail "cannot mount /proc in $ROOT"
mounts+=("$ROOT/proc")
mount -t tmpfs -o mode=0755,nosuid tmpfs "$ROOT/dev" || fail "cannot mount a tmpfs on $ROOT/dev"
mounts+=("$ROOT/dev")
for dev in null:1:3 zero:1:5 random:1:8 urandom:1:9; do
  IFS=: read -r name major minor <<<"$dev"
  mknod -m 0666 "$ROOT/dev/$name" c "$major" "$minor" || fail "cannot create /dev/$name in $ROOT"
done
ln -s /proc/self/fd "$ROOT/dev/fd"
printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n' >"$ROOT/etc/hosts"
if [ -f /etc/resolv.conf ]; then cp /etc/resolv.conf "$ROOT/etc/resolv.conf"; else : >"$ROOT/etc/resolv.conf"; fi

# A command run in the image as a runtime would run it: only the image's env plus the NAME=value words that
# start $@, its user, its working dir. Sets CMD, for the caller to run (in the background as one process).
image_cmd() {
  local env=("${image_env[@]}")
  while [[ ${1:-} == *=* ]]; do env+=("$1"); shift; done
  CMD=(env -i "${env[@]}" chroot --userspec="$user" --groups="${user#*:}" "$ROOT" /usr/bin/env -C "$workdir" "$@")
}

# --- two nodes in one cluster -----------------------------------------------------------------------------------
picked=" "
free_port() { # below the ephemeral range, so no outgoing connection takes it meanwhile
  local p
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % 12000))
    [[ $picked == *" $p "* ]] && continue
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && continue
    echo "$p"
    return
  done
  fail "no free port found"
}
declare -A rtmp http cluster pid
for n in origin edge; do
  rtmp[$n]=$(free_port); picked+="${rtmp[$n]} "
  http[$n]=$(free_port); picked+="${http[$n]} "
  cluster[$n]=$(free_port); picked+="${cluster[$n]} "
done
members=127.0.0.1:${cluster[origin]},127.0.0.1:${cluster[edge]}
# The nodes' API_TOKEN: the lists and the drain (bin/drain) need it.
api_token=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
bearer=(-H "Authorization: Bearer $api_token")
start_node() { # name, then the entrypoint's arguments
  local n=$1
  shift
  # A cluster name of its own: never joins another cluster on this machine's loopback.
  image_cmd RTMP_PORT="${rtmp[$n]}" HTTP_PORT="${http[$n]}" CLUSTER_PORT="${cluster[$n]}" CLUSTER_MEMBERS="$members" \
    CLUSTER_NAME="image-check-$$" BIND_HOST=127.0.0.1 DRAIN_TIMEOUT_MS=1000 API_TOKEN="$api_token" \
    "${entrypoint[@]}" "$@"
  # Each program execs the next (env, chroot, env, entrypoint, rtmp-node, java): the pid is the JVM's.
  "${CMD[@]}" >"$WORK/$n.log" 2>&1 &
  pid[$n]=$!
  pids+=("$!")
}
start_node origin        # the role from the image's ROLE=origin
start_node edge edge     # the role as the command's first argument

# Whether a process we started still runs: bash reaps an exited one soon (keeping its status for wait), and until
# then it is a zombie (state Z, the field after the command name in /proc/PID/stat).
running() {
  local state
  state=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)
  [ -n "$state" ] && [ "$state" != Z ]
}

# Polls until "$@" succeeds: at most $1 seconds, failing with $2. Also fails at once if a node has exited.
wait_for() {
  local limit=$1 what=$2 n
  shift 2
  local deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    for n in origin edge; do
      running "${pid[$n]}" || fail "the $n exited while waiting for $what"
    done
    ((SECONDS < deadline)) || fail "$what: not within $limit s"
    sleep 0.2
  done
}
for n in origin edge; do
  wait_for 120 "$n /ready" curl -fsS --max-time 2 "http://127.0.0.1:${http[$n]}/ready"
done
for n in origin edge; do
  expect "$n /health" "$(curl -fsS --max-time 2 "http://127.0.0.1:${http[$n]}/health")" '{"alive":true}'
  # The image's own health check, run in the image with its curl.
  image_cmd HTTP_PORT="${http[$n]}" /bin/sh -c "$HEALTH"
  "${CMD[@]}" >/dev/null || fail "$n: the image's health check failed"
  # The status page: Vert.x serves it from the jar through its file cache in /tmp, so the user must write there.
  curl -fsS --max-time 5 "http://127.0.0.1:${http[$n]}/" | grep -qi '<html' || fail "$n: no status page at /"
  expect "$n process uid" "$(awk '/^Uid:/ {print $2}' "/proc/${pid[$n]}/status")" "${user%%:*}"
  expect "$n process binary" "$(readlink "/proc/${pid[$n]}/exe")" "$ROOT/opt/java/bin/java"
done
nodes() { curl -fsS --max-time 2 "${bearer[@]}" "http://127.0.0.1:${http[edge]}/api/v1/nodes" | jq -e '.itemCount == 2'; }
wait_for 30 "both nodes in the edge's node list" nodes
echo "image check: origin and edge ready in one cluster ($((SECONDS - checking)) s)"

# --- publish to the origin, play from the edge ------------------------------------------------------------------
ffmpeg -hide_banner -nostdin -loglevel error -re -f lavfi -i testsrc=size=320x240:rate=25 -f lavfi -i sine \
  -c:v libx264 -preset ultrafast -pix_fmt yuv420p -g 25 -c:a aac -t 6 -f flv \
  "rtmp://127.0.0.1:${rtmp[origin]}/live/check" >"$WORK/publish.log" 2>&1 &
publisher=$!
pids+=("$publisher")
wait_for 20 "live/check on the origin" \
  curl -fsS --max-time 2 "${bearer[@]}" "http://127.0.0.1:${http[origin]}/api/v1/streams/live/check"
timeout 30 ffmpeg -hide_banner -nostdin -loglevel error -i "rtmp://127.0.0.1:${rtmp[edge]}/live/check" -t 3 -c copy \
  -progress "$WORK/play.progress" -f null - >"$WORK/play.log" 2>&1 || fail "playing from the edge failed"
frames=$(grep '^frame=' "$WORK/play.progress" | tail -1 | cut -d= -f2)
((${frames:-0} >= 50)) || fail "the edge player got ${frames:-no} video frames in 3 s of stream, expected 50 or more"
publish_deadline=$((SECONDS + 30))
while running "$publisher"; do
  ((SECONDS < publish_deadline)) || fail "the publisher did not end within 30 s"
  sleep 0.2
done
wait "$publisher" || fail "the publisher exited $?"
echo "image check: the edge played $frames frames of the stream published to the origin"

# --- stop: the preStop drain on the edge, SIGTERM to both -----------------------------------------------------------
refused=$(curl -sS --max-time 5 -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:${http[edge]}/api/v1/drain")
expect "a drain without API_TOKEN, from loopback" "$refused" 401
image_cmd HTTP_PORT="${http[edge]}" API_TOKEN="$api_token" /opt/rtmp-cluster/bin/drain
drained=$("${CMD[@]}") || fail "bin/drain on the edge failed"
jq -e '.state == "draining"' <<<"$drained" >/dev/null || fail "bin/drain answered '$drained'"
for n in edge origin; do
  # The edge may have finished its drain and exited already.
  if running "${pid[$n]}"; then kill -TERM "${pid[$n]}" || true; fi
  # Drain (1 s) and the node's own 10 s shutdown budget, with room for a loaded machine.
  deadline=$((SECONDS + 30))
  while running "${pid[$n]}"; do
    ((SECONDS < deadline)) || fail "the $n still runs 30 s after SIGTERM"
    sleep 0.2
  done
  code=0
  wait "${pid[$n]}" || code=$?
  expect "$n exit code after SIGTERM" "$code" 0
  grep -q 'drained in' "$WORK/$n.log" || fail "the $n exited without draining"
done
pids=()
echo "image check passed: $TAG in $LAYOUT, checked in $((SECONDS - checking)) s" \
  "($((SECONDS - started)) s with the build)"
