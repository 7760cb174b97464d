#!/usr/bin/env bash
# Fuzzes each Jazzer target of the wire codecs (the *FuzzTest classes in shared) for SECONDS. Jazzer fuzzes one
# @FuzzTest per JVM, and surefire without fork reuse gives each class its own; two Maven runs side by side (one per
# core) each take half of the targets, one after another. Nothing is rebuilt that `mvn verify` has built.
#
#   shared/fuzz.sh [SECONDS]   fuzz every target for SECONDS (default 30); a finding fails the run and is listed
#                              (FUZZ_TESTS=Amf3FuzzTest picks targets by a class name pattern)
#   shared/fuzz.sh seeds       rewrite the seed files built from the test fixtures (SeedCorpus)
#
# libFuzzer writes a crashing or hanging input as crash-<sha1> or timeout-<sha1> into the target's corpus directory
# (src/test/resources/.../<Class>Inputs/<method>/), where regression mode replays it on the next `mvn test`. Git
# ignores those names: rename the file for what it shows and commit it with the fix. Inputs that found new coverage
# go to shared/.cifuzz-corpus/ (ignored too), so that a later run on the same machine goes on from there.
set -euo pipefail
cd "$(dirname "$0")"

if [ "${1:-}" = seeds ]; then
  mvn -B -q -Dstyle.color=never test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
  java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" org.rtmpcluster.testing.SeedCorpus \
    src/test/resources
  exit 0
fi

seconds=${1:-30}
pattern=${FUZZ_TESTS:-*FuzzTest}
targets=()
for source in $(find src/test/java -name '*FuzzTest.java' | sort); do
  name=$(basename "$source" .java)
  # shellcheck disable=SC2053 # the pattern is meant to match
  [[ $name == $pattern ]] && targets+=("$name")
done
if [ ${#targets[@]} -eq 0 ]; then
  echo "no fuzz target matches '$pattern'"
  exit 1
fi
halves=("" "")
for i in "${!targets[@]}"; do
  halves[i % 2]+="${halves[i % 2]:+,}${targets[i]}"
done

mvn -B -q -Dstyle.color=never test-compile
started=target/fuzz.started
touch "$started"

# jazzer.internal.arg.* are handed to libFuzzer after @FuzzTest's own arguments, so they win: the time budget, and a
# 10 s limit per input so that a hang is a finding rather than a stuck build. The small heap makes an allocation that
# escaped a limit an OutOfMemoryError at once.
pids=()
for half in 0 1; do
  [ -n "${halves[half]}" ] || continue
  JAZZER_FUZZ=1 mvn -B -q -Dstyle.color=never surefire:test -Dtest="${halves[half]}" -DreuseForks=false -DargLine=-Xmx512m \
    -Djazzer.internal.arg.0=fuzz \
    -Djazzer.internal.arg.1=-max_total_time="$seconds" \
    -Djazzer.internal.arg.2=-timeout=10 \
    >"target/fuzz-$half.log" 2>&1 &
  pids+=($!)
done
status=0
for pid in "${pids[@]}"; do
  wait "$pid" || status=$?
done
logs=$(find target -maxdepth 1 -name 'fuzz-*.log' -newer "$started" | sort)

# One line per target: the class (from its generated corpus directory) and libFuzzer's closing count, which it prints
# for a run that found something too.
# shellcheck disable=SC2086 # one file name per word
awk '/INFO: using inputs from: .*\.cifuzz-corpus\// { n = split($0, p, "/"); target = p[n - 1] }
     /^Done [0-9]+ runs in/ { printf "fuzzed %-55s %s\n", target, $0 }' $logs
# shellcheck disable=SC2086
ran=$(cat $logs | grep -ac '^Done [0-9]* runs in' || true)

findings=$(find src/test/resources -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \
  -o -name 'slow-unit-*' \) -newer "$started")
if [ -n "$findings" ] || [ "$status" -ne 0 ]; then
  # shellcheck disable=SC2086
  grep -ahE '^(== Java Exception|Caused by|\s+at org\.rtmpcluster)' $logs | head -40 || true
  echo "fuzzing failed (mvn exit $status); full output in $(echo $logs | sed 's|target/|shared/target/|g')"
  for f in $findings; do
    class=$(basename "$(dirname "$(dirname "$f")")")
    echo "finding: shared/$f  (replays with: mvn -pl shared test -Dtest=${class%Inputs})"
  done
  failed=$(echo "$findings" | grep -c . || true)
  failed=$(( failed > 0 ? failed : 1 ))
  echo "fuzz: $(( ran > failed ? ran - failed : 0 )) passed, $failed failed"
  exit 1
fi
echo "fuzz: $ran passed, 0 failed"
