#!/usr/bin/env bash
# Queue store comparison: the same workload against SegmentedLog, H2 MVStore and SQLite (WAL,
# synchronous=FULL), each in a fresh JVM pinned to core 0 and a fresh directory under one temporary
# directory (same file system), deleted afterwards. Bytes written come from /proc/self/io.
# Usage: bench/stores.sh [records] [steady-rate] [steady-seconds]   (defaults 1000000 1000 10)
#        STORES_HEAP=48m bench/stores.sh   (the JVM's -Xmx, 256m by default; the gateway runs with 48m)
# Build first: mvn -B -q -pl bundles/cloud-mqtt -am install -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp" >/dev/null
# a copy of the compiled classes: a build running meanwhile in this module must not pull them away mid-run
cp -r target/classes "$work/classes"; cp -r target/test-classes "$work/test-classes"
test -f "$work/test-classes/org/mviot/edge/cloud/mqtt/bench/StoreComparison.class" || { echo "build first (see above)" >&2; exit 1; }
echo "file system: $(df -hT "$work" | awk 'NR==2 {print $1, $2}'); $(nproc) cores; java $(java -version 2>&1 | awk -F'"' 'NR==1 {print $2}')"
stores="${STORES:-log mvstore sqlite}"
failed=0
for s in $stores; do
  echo "== $s   (uptime:$(uptime | sed 's/.*load average/ load average/'))"
  mkdir "$work/$s"
  # -XX:-UsePerfData: no hsperfdata file, whose mapped pages would count as this JVM's writes
  taskset -c 0 java -Xmx"${STORES_HEAP:-256m}" -XX:-UsePerfData -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -Dorg.sqlite.tmpdir="$work/$s" -Djava.io.tmpdir="$work/$s" \
    -cp "$work/classes:$work/test-classes:$(cat "$work/cp")" \
    org.mviot.edge.cloud.mqtt.bench.StoreComparison "$s" "$work/$s" "${1:-1000000}" "${2:-1000}" "${3:-10}" | tee "$work/$s.out" \
    || { failed=1; printf 'FAILED (see above)\t%s\n' "$s" >> "$work/$s.out"; }
done
echo "== after   (uptime:$(uptime | sed 's/.*load average/ load average/'))"
echo
# one table: a row per figure, a column per store
awk -F'\t' -v stores="$stores" '
  BEGIN { n = split(stores, col, " ") }
  FNR == 1 { s = FILENAME; sub(/.*\//, "", s); sub(/\.out$/, "", s) }
  { if (!($1 in seen)) { seen[$1] = 1; order[++rows] = $1 } v[$1, s] = $2 }
  END {
    printf "| figure |"; for (i = 1; i <= n; i++) printf " %s |", col[i]; print ""
    printf "|---|"; for (i = 1; i <= n; i++) printf "---:|"; print ""
    for (r = 1; r <= rows; r++) {
      printf "| %s |", order[r]
      for (i = 1; i <= n; i++) { k = order[r] SUBSEP col[i]; printf " %s |", (k in v) ? v[k] : "" }
      print ""
    }
  }' $(for s in $stores; do echo "$work/$s.out"; done)
exit $failed
