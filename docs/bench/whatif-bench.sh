#!/bin/sh
# What-if over a corpus: docs/benchmarks.md, "What-if over recorded runs".
#
#   mvn -B -q test-compile
#   docs/bench/whatif-bench.sh [RUNS] [ROUNDS]          (default: 10000 3)
#
# Writes RUNS recorded runs of about 50 events as JSON lines (5 % of them over a tighter step budget, 5 % reading a
# secret a new rule denies, 1 % reading a folder a new rule allows), then replays the whole corpus under the tighter
# harness with 1 job and with 2 jobs, alternating, ROUNDS times each, in one JVM, after one warm-up replay. Every
# replay's report is checked against the changes the corpus was built to have. Prints each round, then a Markdown
# table of the medians, the speed-up and the CPU the process got (CPU/wall: on a shared machine, the cores it really had).
# BENCH_SOURCE=store records the corpus into an H2 store once (kept in BENCH_DIR when given) and replays it from there.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
cp=target/bench-classpath.txt
if [ ! -s "$cp" ] || [ pom.xml -nt "$cp" ]; then
    mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp" >/dev/null
fi
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
"$java" -Xmx1g -Dbench.source="${BENCH_SOURCE:-files}" ${BENCH_DIR:+-Dbench.dir="$BENCH_DIR"} -cp "target/test-classes:target/classes:$(cat "$cp")" dev.bridle.bench.WhatIfCorpusBench "$@"
