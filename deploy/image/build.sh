#!/usr/bin/env bash
# Builds the container image from Debian packages, without a container daemon or registry:
#   deploy/image/build.sh   ->  deploy/image/target/oci (OCI layout, tag rtmp-cluster:latest)
#                               deploy/image/target/rtmp-cluster.oci.tar (the same as an OCI archive)
# Runs as root (mmdebstrap's root mode, umoci keeping file owners). Needs mmdebstrap, umoci and jq
# (apt-get install -y mmdebstrap umoci jq). Builds the jars first if they are missing.
#
# Three layers: Debian bookworm's essential set plus curl and ca-certificates; a jlink'd OpenJDK 17 (from Debian's
# openjdk-17-jdk-headless, linked in a throwaway chroot: the openjdk-17-jre-headless package, with the printing,
# font, sound and X11 libraries it depends on, made the root about 120 MB larger); the jars and scripts.
# The config contract (user, env, ports, health check) is in README.md beside this file; check.sh asserts it.
set -euo pipefail
cd "$(dirname "$0")/../.."

OUT=${IMAGE_OUT:-deploy/image/target}
# Downloaded .debs, kept across builds (gitignored with the rest of target/); IMAGE_CACHE moves them elsewhere.
# One directory per root, as the two are built at once; each keeps what apt can still download (autoclean).
CACHE=${IMAGE_CACHE:-$OUT/cache}
TAG=rtmp-cluster:latest
SUITE=bookworm
# java.se and the JDK modules a node or an operator may want: Unsafe (Netty, Hazelcast), platform MXBeans, EC
# ciphers for TLS (Hazelcast's Kubernetes API discovery), JNDI DNS, extended socket options, the other charsets,
# zipfs; jcmd and JFR to look into a running container.
MODULES=java.se,jdk.unsupported,jdk.management,jdk.crypto.ec,jdk.naming.dns,jdk.net,jdk.charsets,jdk.zipfs
MODULES+=,jdk.jfr,jdk.jcmd

fail() { echo "image build: $*" >&2; exit 1; }
# The mtime of the newest regular file under $1 that is older than this build: one a package shipped.
newest_file() { find "$1" -type f ! -newermt "@$BUILD_START" -printf '%T@\n' | sort -n | tail -1 | cut -d. -f1; }
[ "$(id -u)" = 0 ] || fail "run as root (mmdebstrap --mode=root, and umoci must keep the files' owners)"
for tool in mmdebstrap umoci jq; do
  command -v "$tool" >/dev/null || fail "$tool is missing: apt-get install -y mmdebstrap umoci jq"
done
if [ ! -f origin/target/origin.jar ] || [ ! -f edge/target/edge.jar ]; then
  echo "building the jars (mvn -q -B package -DskipTests)..."
  mvn -q -B package -DskipTests
fi

started=$SECONDS
step() { echo "image build: $* ($((SECONDS - started)) s)"; }
WORK=$OUT/work
rm -rf "$WORK" "$OUT/oci" "$OUT/rtmp-cluster.oci.tar"
mkdir -p "$WORK" "$CACHE/jdk" "$CACHE/rootfs"
CACHE=$(cd "$CACHE" && pwd)
WORK=$(cd "$WORK" && pwd)

# The image's dates and the application's file times: the last commit's. (The Debian and Java layers get the
# time of their newest packaged file instead, below, so that they stay the same from one commit to the next.)
BUILD_START=$(date +%s)
export BUILD_START
SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)
export SOURCE_DATE_EPOCH
CREATED=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ)
VERSION=$(sed -n 's|^  <version>\(.*\)</version>$|\1|p' pom.xml | head -1)
REVISION=$(git rev-parse HEAD)$(git diff --quiet HEAD -- 2>/dev/null || echo -dirty)
# The remote only when it is a URL others can use (CI's clone has a local path there).
SOURCE=${IMAGE_SOURCE:-$(git remote get-url origin 2>/dev/null | grep -E '^([a-z+]+://|git@)' ||
  echo "unknown (no git remote origin with a URL)")}

# How both roots are made: mmdebstrap drives apt and dpkg into a chroot; documentation and translations are left
# out (copyright files stay), dpkg skips fsync (the result is packed anyway); merged /usr as bookworm has it,
# without the perl that the usrmerge package would pull in.
debstrap() {
  local log=$1 cache=$2
  shift 2
  if ! mmdebstrap --variant=essential --mode=root --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
      --aptopt='Acquire::Languages "none"' --dpkgopt=force-unsafe-io \
      --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
      --dpkgopt='path-include=/usr/share/locale/locale.alias' --dpkgopt='path-exclude=/usr/share/doc/*' \
      --dpkgopt='path-include=/usr/share/doc/*/copyright' \
      --setup-hook='mkdir -p "$1"/var/cache/apt/archives' --setup-hook="sync-in $cache /var/cache/apt/archives" \
      --customize-hook='APT_CONFIG=$MMDEBSTRAP_APT_CONFIG apt-get autoclean -qq' \
      --customize-hook="find $cache -name '*.deb' -delete" --customize-hook="sync-out /var/cache/apt/archives $cache" \
      "$@" > "$log" 2>&1; then
    tail -n 30 "$log" >&2
    fail "mmdebstrap failed (whole log: $log)"
  fi
}

# 1. The Java runtime, linked inside a chroot with Debian's JDK; only /opt/java leaves it. Debian's JDK
# postinst needs the man directory that the path-excludes leave out. The trust store is Debian's alone (in place of
# the one jlink copies), written as a password-less PKCS12 (what JDK 18+ ship): ca-certificates-java's JKS records
# when each entry was added, so it changed the layer on every build. Built in the background, beside 2.
debstrap "$WORK/jdk.log" "$CACHE/jdk" --include=openjdk-17-jdk-headless \
  --essential-hook='mkdir -p "$1"/usr/share/man/man1' \
  --customize-hook="chroot \"\$1\" /usr/lib/jvm/java-17-openjdk-amd64/bin/jlink --add-modules $MODULES \
      --strip-java-debug-attributes --no-man-pages --no-header-files --compress=0 --output /opt/java" \
  --customize-hook='rm -f "$1"/opt/java/lib/security/cacerts' \
  --customize-hook='chroot "$1" /usr/lib/jvm/java-17-openjdk-amd64/bin/keytool -importkeystore -noprompt \
      -srckeystore /etc/ssl/certs/java/cacerts -srcstorepass changeit -destkeystore /opt/java/lib/security/cacerts \
      -deststoretype pkcs12 -deststorepass changeit \
      -J-Dkeystore.pkcs12.macAlgorithm=NONE -J-Dkeystore.pkcs12.certProtectionAlgorithm=NONE' \
  --customize-hook='chroot "$1" dpkg-query -W -f="\${Version}" openjdk-17-jdk-headless > "$1"/opt/java/debian-version' \
  --customize-hook='find "$1"/usr/lib/jvm -type f ! -newermt "@$BUILD_START" -printf "%T@\n" | sort -n | tail -1 \
      | cut -d. -f1 > "$1"/opt/java/source-date' \
  --customize-hook="copy-out /opt/java $WORK" \
  "$SUITE" /dev/null &
jdk=$!
# A failure below must not leave it running (mmdebstrap cleans up its chroot on SIGTERM).
trap 'kill -TERM "$jdk" 2>/dev/null && wait "$jdk" 2>/dev/null' EXIT

# 2. The root filesystem: the runtime's libraries (libstdc++ for libjvm; zlib and libc are essential), curl for the
# health check and drain, and the user. /etc/hostname, /etc/resolv.conf and the device nodes in /dev are the host's
# or for the chroot: a container runtime brings its own (and a rootless one could not create device nodes).
debstrap "$WORK/rootfs.log" "$CACHE/rootfs" --include=curl,ca-certificates,libstdc++6 \
  --customize-hook='echo "rtmp:x:10001:10001:rtmp-cluster:/home/rtmp:/usr/sbin/nologin" >> "$1"/etc/passwd' \
  --customize-hook='echo "rtmp:x:10001:" >> "$1"/etc/group' \
  --customize-hook='echo "rtmp:!:::::::" >> "$1"/etc/shadow' \
  --customize-hook='install -d -m 0755 -o 10001 -g 10001 "$1"/home/rtmp' \
  --customize-hook='rm -f "$1"/etc/hostname "$1"/etc/resolv.conf' \
  "$SUITE" "$WORK/rootfs"
find "$WORK/rootfs/dev" -mindepth 1 -delete
step "root filesystem: $(du -sh "$WORK/rootfs" | cut -f1)"
wait "$jdk" || exit 1
trap - EXIT
JAVA_VERSION=$(cat "$WORK/java/debian-version")
JAVA_DATE=$(cat "$WORK/java/source-date")
rm "$WORK/java/debian-version" "$WORK/java/source-date"
step "Java runtime linked: openjdk-17 $JAVA_VERSION, $(du -sh "$WORK/java" | cut -f1)"

# 3. The application: the paths deploy/rtmp-node expects, read-only for the node's user.
APP=$WORK/app
install -D -m 0644 origin/target/origin.jar "$APP/origin/target/origin.jar"
install -D -m 0644 edge/target/edge.jar "$APP/edge/target/edge.jar"
install -D -m 0755 deploy/rtmp-node "$APP/deploy/rtmp-node"
install -D -m 0755 deploy/image/bin/entrypoint "$APP/bin/entrypoint"
install -D -m 0755 deploy/image/bin/drain "$APP/bin/drain"
chown -R 0:0 "$APP"
# What the build wrote (directories, caches, the user, the linked runtime) gets the time of the newest file that
# came from a package, and the application the commit's, so a layer changes only when its content does.
clamp() { find "$1" -newermt "@$2" -exec touch -h -d "@$2" {} +; }
clamp "$WORK/rootfs" "$(newest_file "$WORK/rootfs/usr")"
clamp "$WORK/java" "$JAVA_DATE"
clamp "$APP" "$SOURCE_DATE_EPOCH"

# 4. The image. No Healthcheck field exists in an OCI config (only Docker's format has one): the check is recorded
# as a label and an annotation, for Kubernetes probes and `docker run --health-cmd`.
HEALTH='curl -fsS http://127.0.0.1:${HTTP_PORT}/health'
IMG=$OUT/oci:$TAG
umoci init --layout "$OUT/oci"
umoci new --image "$IMG"
umoci insert --image "$IMG" --history.created "$CREATED" --history.created_by "deploy/image/build.sh" \
  --history.comment "Debian $SUITE essential, curl, ca-certificates" "$WORK/rootfs" /
umoci insert --image "$IMG" --history.created "$CREATED" --history.created_by "deploy/image/build.sh" \
  --history.comment "OpenJDK 17 from openjdk-17-jdk-headless $JAVA_VERSION (jlink)" "$WORK/java" /opt/java
umoci insert --image "$IMG" --history.created "$CREATED" --history.created_by "deploy/image/build.sh" \
  --history.comment "rtmp-cluster $VERSION ($REVISION)" "$APP" /opt/rtmp-cluster
annotations=(
  "org.opencontainers.image.title=rtmp-cluster"
  "org.opencontainers.image.description=RTMP live-streaming origin/edge node (ROLE=origin|edge)"
  "org.opencontainers.image.version=$VERSION"
  "org.opencontainers.image.revision=$REVISION"
  "org.opencontainers.image.source=$SOURCE"
  "org.opencontainers.image.created=$CREATED"
  "org.rtmp-cluster.java=openjdk-17-jdk-headless $JAVA_VERSION (Debian $SUITE, jlink)"
  "org.rtmp-cluster.healthcheck=$HEALTH"
)
config=(--created "$CREATED" --history.created "$CREATED" --history.created_by "deploy/image/build.sh"
  --config.user 10001:10001 --config.workingdir /opt/rtmp-cluster
  --config.entrypoint /opt/rtmp-cluster/bin/entrypoint --config.stopsignal SIGTERM
  --config.exposedports 1935/tcp --config.exposedports 8080/tcp --config.exposedports 5701/tcp)
for e in PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin JAVA_HOME=/opt/java \
    HOME=/home/rtmp LANG=C.UTF-8 ROLE=origin RTMP_PORT=1935 HTTP_PORT=8080 CLUSTER_PORT=5701 BIND_HOST=0.0.0.0; do
  config+=(--config.env "$e")
done
for a in "${annotations[@]}"; do
  config+=(--config.label "$a" --manifest.annotation "$a")
done
umoci config --image "$IMG" "${config[@]}"
umoci gc --layout "$OUT/oci"
tar -C "$OUT/oci" --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner \
  -cf "$OUT/rtmp-cluster.oci.tar" .

manifest=$OUT/oci/blobs/$(jq -r '.manifests[0].digest | sub(":"; "/")' "$OUT/oci/index.json")
layers=$(jq -r '[.layers[].size / 1048576 | . * 10 | floor / 10 | tostring + " MiB"] | join(" + ")' \
  "$manifest")
step "image $TAG in $OUT/oci: layers $layers compressed; also $OUT/rtmp-cluster.oci.tar"
rm -rf "$WORK/rootfs" "$APP" "$WORK/java"
