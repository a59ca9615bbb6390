#!/usr/bin/env bash
# Sealing benchmark: the cost of encrypting queue records at rest (AES-GCM and ChaCha20-Poly1305,
# JCE), per record and per SegmentedLog.append, pinned to core 0, in a temporary directory deleted
# afterwards, with C2 and with C1 only. Usage: bench/sealing.sh [records-per-round=200000] [records-per-round-c1=20000]
# Build first: mvn -B -q -pl bundles/cloud-mqtt -am install -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
${MVN:-mvn} -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp" >/dev/null
test -f target/test-classes/org/mviot/edge/cloud/mqtt/bench/SealingBenchmark.class || { echo "build first (see above)" >&2; exit 1; }
echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'); aes flag: $(grep -qw aes /proc/cpuinfo && echo yes || echo no); java $(java -version 2>&1 | awk -F'"' 'NR==1 {print $2}')"
echo "JIT: C2 (the default; generic-linux, raspberry-pi-4/5 and cm4 profiles)"
taskset -c 0 java -Xmx256m -XX:-UsePerfData -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "target/classes:target/test-classes:$(cat "$work/cp")" \
  org.mviot.edge.cloud.mqtt.bench.SealingBenchmark "$work" "${1:-200000}"
# the raspberry-pi-3, raspberry-pi-zero-2w and sim profiles run C1 only: no AES/GHASH intrinsics there
echo
echo "JIT: C1 only (-XX:TieredStopAtLevel=1: raspberry-pi-3, raspberry-pi-zero-2w and sim profiles)"
taskset -c 0 java -Xmx256m -XX:-UsePerfData -XX:TieredStopAtLevel=1 -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "target/classes:target/test-classes:$(cat "$work/cp")" \
  org.mviot.edge.cloud.mqtt.bench.SealingBenchmark "$work" "${2:-20000}"
