#!/usr/bin/env bash
# Benchmark of the Modbus TCP driver against pymodbus on loopback (not a test; prints figures).
# Build first:  mvn -B -q -pl bundles/driver-modbus -am install -DskipTests
# Run:          bundles/driver-modbus/bench/run.sh [rounds]
# The gateway side is pinned to core 0 (taskset -c 0), the pymodbus server to core 1.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
module=$(dirname "$here")
repo=${MAVEN_REPO:-$HOME/.m2/repository}
cp="$module/target/classes:$module/../api/target/classes"
cp="$cp:$repo/org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar:$repo/org/slf4j/slf4j-nop/2.0.17/slf4j-nop-2.0.17.jar"
[ -f "$repo/org/slf4j/slf4j-nop/2.0.17/slf4j-nop-2.0.17.jar" ] || mvn -B -q dependency:get -Dartifact=org.slf4j:slf4j-nop:2.0.17 >/dev/null
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
taskset -c 1 /usr/bin/python3 "$module/src/test/resources/pymodbus_server.py" tcp "$port" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break
  sleep 0.1
done
taskset -c 0 java -Xmx64m -cp "$cp" "$here/ModbusBench.java" "$port" "${1:-20}"
