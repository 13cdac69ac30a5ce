#!/bin/sh
# What recording costs `bridle run`: docs/benchmarks.md, "Recording a long run".
#
#   mvn -B -q test-compile
#   docs/bench/record-bench.sh [STEPS...]            (default: 1000 10000 100000)
#
# Each run is the real CLI (`bridle run H --scenario S -q`) in a fresh JVM, on a generated scripted scenario of STEPS
# steps (about five events a step): once with --no-record, then with --durability batch, step and end. Prints per
# child the wall time, the process's CPU, its peak RSS (VmHWM), and the store file's largest size while recording
# (sampled every 10 ms) and after the command; then a Markdown table.
# BENCH_MODES=no-record,batch picks modes; BENCH_JVM gives every child the same JVM flags, by default those that
# target/bridle starts the JVM with (src/main/dist/bridle), so that the figures are the ones a user gets;
# BENCH_JVM=" " runs the children with the JVM's own defaults. BENCH_STORE=existing makes each recording child's store
# (empty, at this build's schema) before the child starts, as every run after a user's first finds it; by default
# (fresh) the child creates the store and its schema itself. BENCH_PROGRAM=wrapper runs each child as a user runs
# the command line, through target/bridle (its flags and the AOT cache `mvn package` records; BENCH_JVM goes into
# BRIDLE_JAVA_OPTIONS): run `mvn package` first, and build nothing while it runs.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
cp=target/bench-classpath.txt
if [ ! -s "$cp" ] || [ pom.xml -nt "$cp" ]; then
    mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp" >/dev/null
fi
# A copy of the classes, so that a build while the benchmark runs cannot pull them from under its children.
classes=$(mktemp -d "${TMPDIR:-/tmp}/bridle-record-bench-classes.XXXXXX")
trap 'rm -rf "$classes"' EXIT
cp -r target/classes target/test-classes "$classes"/
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
program=
if [ "${BENCH_PROGRAM:-}" = wrapper ]; then
    program="$root/target/bridle"
fi
"$java" -Xmx256m -cp "$classes/test-classes:$classes/classes:$(cat "$cp")" \
    -Dbench.modes="${BENCH_MODES:-no-record,batch,step,end}" -Dbench.jvm="${BENCH_JVM:--XX:+UseSerialGC}" \
    -Dbench.store="${BENCH_STORE:-fresh}" \
    -Dbench.program="$program" \
    dev.bridle.bench.RecordBench "$@"
