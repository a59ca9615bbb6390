#!/usr/bin/env bash
# Uplink benchmark: starts its own Mosquitto on a free 127.0.0.1 port (on core 1) and runs
# UplinkBenchmark pinned to core 0. Usage: bench/run.sh [raw-count] [backlog-count]
# Build first: mvn -B -q -pl bundles/cloud-mqtt -am install -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp" >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$work/mosquitto.conf" <<CONF
listener $port 127.0.0.1
allow_anonymous true
max_inflight_messages 1000
max_queued_messages 0
CONF
taskset -c 1 mosquitto -c "$work/mosquitto.conf" > "$work/mosquitto.log" 2>&1 &
broker=$!
trap 'kill $broker 2>/dev/null; rm -rf "$work"' EXIT
for i in $(seq 1 50); do (echo > /dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
taskset -c 0 java -Xmx256m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "target/classes:target/test-classes:$(cat "$work/cp")" \
  org.mviot.edge.cloud.mqtt.bench.UplinkBenchmark "tcp://127.0.0.1:$port" "$work" "${1:-200000}" "${2:-1000000}"
