#!/usr/bin/env bash
# Fuzzes each Jazzer target of the wire codecs (the *FuzzTest classes in shared) for SECONDS, one JVM per target:
# Jazzer fuzzes only one @FuzzTest per JVM, and surefire without fork reuse gives each class its own. One Maven run
# for all of them; it compiles nothing that `mvn verify` or `mvn test-compile` has built already.
#
#   shared/fuzz.sh [SECONDS]   fuzz every target for SECONDS (default 30); a finding fails the run and is listed
#   shared/fuzz.sh seeds       rewrite the seed files built from the test fixtures (SeedCorpus)
#
# libFuzzer writes a crashing or hanging input as crash-<sha1> or timeout-<sha1> into the target's corpus directory
# (src/test/resources/.../<Class>Inputs/<method>/), where regression mode replays it on the next `mvn test`. Git
# ignores those names: rename the file for what it shows and commit it with the fix. Inputs that found new coverage
# go to shared/.cifuzz-corpus/ (ignored too), so that a later run on the same machine goes on from there.
set -euo pipefail
cd "$(dirname "$0")"

if [ "${1:-}" = seeds ]; then
  mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
  java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" org.rtmpcluster.testing.SeedCorpus \
    src/test/resources
  exit 0
fi

seconds=${1:-30}
log=target/fuzz.log
mkdir -p target
started=target/fuzz.started
touch "$started"

# jazzer.internal.arg.* are handed to libFuzzer after @FuzzTest's own arguments, so they win: the time budget, and a
# 10 s limit per input so that a hang is a finding rather than a stuck build. The small heap makes an allocation that
# escaped a limit an OutOfMemoryError at once.
status=0
JAZZER_FUZZ=1 mvn -B -q process-test-resources surefire:test \
  -Dtest='*FuzzTest' -Dsurefire.failIfNoSpecifiedTests=false -DreuseForks=false -DforkCount=1 \
  -DargLine=-Xmx512m \
  -Djazzer.internal.arg.0=fuzz \
  -Djazzer.internal.arg.1=-max_total_time="$seconds" \
  -Djazzer.internal.arg.2=-timeout=10 \
  >"$log" 2>&1 || status=$?

# One line per target: the class (from its generated corpus directory) and libFuzzer's closing count.
awk '/INFO: using inputs from: .*\.cifuzz-corpus\// { n = split($0, p, "/"); target = p[n - 1] }
     /^Done [0-9]+ runs in/ { printf "fuzzed %-55s %s\n", target, $0 }' "$log"
# libFuzzer closes a run that found something with its count too.
done_count=$(grep -c '^Done [0-9]* runs in' "$log" || true)

findings=$(find src/test/resources -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \
  -o -name 'slow-unit-*' \) -newer "$started")
if [ -n "$findings" ] || [ "$status" -ne 0 ]; then
  grep -E '^(== Java Exception|Caused by|[A-Za-z.]+(Exception|Error)[: ]|\s+at org\.rtmpcluster)' "$log" | head -40 || true
  echo "fuzzing failed (mvn exit $status); full output in shared/$log"
  for f in $findings; do
    class=$(basename "$(dirname "$(dirname "$f")")")
    echo "finding: shared/$f  (replays with: mvn -pl shared test -Dtest=${class%Inputs})"
  done
  failed=$(echo "$findings" | grep -c . || true)
  failed=$(( failed > 0 ? failed : 1 ))
  echo "fuzz: $(( done_count > failed ? done_count - failed : 0 )) passed, $failed failed"
  exit 1
fi
echo "fuzz: $done_count passed, 0 failed"
