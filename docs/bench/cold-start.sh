#!/bin/sh
# Times cold starts of the workbench to its first drawn window: docs/benchmarks.md, "Cold start to a usable window".
#
#   mvn -q package -DskipTests
#   Xvfb :77 -screen 0 1400x900x24 &  export DISPLAY=:77
#   docs/bench/cold-start.sh [STARTS] [WORKBENCH_FOLDER]      (defaults: 10, target/workbench)
#
# Each start runs the launcher users run, on sample-policies/ with a fresh run store, in software rendering
# (BRIDLE_JAVA_OPTIONS=-Dprism.order=sw; Xvfb has no GPU). The first start without a class cache records one and is
# not counted. Prints the milliseconds to the window mapped and to its first drawn frame, then the medians.
# Needs gcc and the X11 and XDamage headers (Debian: libx11-dev libxdamage-dev) to build mapwait.c.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
starts=${1:-10}
workbench=${2:-$root/target/workbench}
: "${DISPLAY:?set DISPLAY to an X server, such as Xvfb}"
mapwait=${TMPDIR:-/tmp}/bridle-mapwait
if [ ! -x "$mapwait" ] || [ "$here/mapwait.c" -nt "$mapwait" ]; then
    gcc -O2 -o "$mapwait" "$here/mapwait.c" -lX11 -lXdamage
fi
db=${TMPDIR:-/tmp}/bridle-cold-start-db
BRIDLE_JAVA_OPTIONS="-Dprism.order=sw ${BRIDLE_JAVA_OPTIONS:-}"
export BRIDLE_JAVA_OPTIONS

# A cache older than the jars is stale: the launcher would drop it and record a new one in the first start timed.
stale=$(find "$workbench/bridle-thin.jar" "$workbench/lib" "$workbench/javafx" -name '*.jar' \
    -newer "$(ls "$workbench"/bridle-workbench-*.aot 2>/dev/null | head -1 || echo "$workbench/bridle-thin.jar")" \
    2>/dev/null | head -1)
if ! ls "$workbench"/bridle-workbench-*.aot >/dev/null 2>&1 || [ -n "$stale" ]; then
    rm -f "$workbench"/bridle-workbench-*.aot
    echo "recording the class cache (one start of 15 s, not counted)" >&2
    rm -rf "$db"
    "$workbench/bridle-workbench" --folder="$root/sample-policies" --db="jdbc:h2:file:$db/runs" >/dev/null 2>&1 &
    sleep 15
    kill $!
    wait $! 2>/dev/null || true
fi

# The host's load changes the figures by a quarter or more; say what it was.
if [ -r /proc/pressure/cpu ]; then
    echo "processor pressure before the starts: $(head -1 /proc/pressure/cpu)"
fi
results=${TMPDIR:-/tmp}/bridle-cold-start.txt
: > "$results"
i=0
while [ "$i" -lt "$starts" ]; do
    rm -rf "$db"
    line=$("$mapwait" "$workbench/bridle-workbench" --folder="$root/sample-policies" --db="jdbc:h2:file:$db/runs")
    echo "start $((i + 1)): mapped / first frame (ms): $line"
    echo "$line" >> "$results"
    sleep 0.5
    i=$((i + 1))
done
median() {
    sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
echo "median to the window mapped: $(grep -v X "$results" | cut -d' ' -f1 | median) ms"
echo "median to the first drawn frame: $(grep -v X "$results" | cut -d' ' -f2 | median) ms"
