#!/usr/bin/env bash
# Sealing benchmark: the cost of encrypting queue records at rest (AES-GCM and ChaCha20-Poly1305,
# JCE), per record and per SegmentedLog.append, pinned to core 0, in a temporary directory deleted
# afterwards. Usage: bench/sealing.sh [records-per-round=200000]
# Build first: mvn -B -q -pl bundles/cloud-mqtt -am install -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
${MVN:-mvn} -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp" >/dev/null
test -f target/test-classes/org/mviot/edge/cloud/mqtt/bench/SealingBenchmark.class || { echo "build first (see above)" >&2; exit 1; }
echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'); aes flag: $(grep -qw aes /proc/cpuinfo && echo yes || echo no); java $(java -version 2>&1 | awk -F'"' 'NR==1 {print $2}')"
taskset -c 0 java -Xmx256m -XX:-UsePerfData -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "target/classes:target/test-classes:$(cat "$work/cp")" \
  org.mviot.edge.cloud.mqtt.bench.SealingBenchmark "$work" "${1:-200000}"
