#!/usr/bin/env bash
# CoAP benchmark: starts libcoap's coap-server-openssl on a free 127.0.0.1 UDP port (on core 1) and runs
# CoapBenchmark pinned to core 0: GET round trip p50/p99 through the driver, and notifications handled per
# second on the driver's side. Usage: bench/run.sh [gets] [notifications]
# Build first: ./mvnw -B -q -pl bundles/driver-coap -am install -DskipTests (MVN_EXTRA="-Dmaven.repo.local=..." for another local repository)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
../../mvnw -B -q -o ${MVN_EXTRA:-} dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp" >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
taskset -c 1 coap-server-openssl -A 127.0.0.1 -p "$port" > "$work/coap.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for i in $(seq 1 50); do (echo > /dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
taskset -c 0 java -Xmx128m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "target/classes:target/test-classes:$(cat "$work/cp")" \
  org.mviot.edge.driver.coap.internal.bench.CoapBenchmark "coap://127.0.0.1:$port" "${1:-20000}" "${2:-2000000}"
