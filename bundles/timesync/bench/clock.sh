#!/bin/sh
# Offset against chronyd on loopback, and the per-sample cost of the time quality, on one core.
# Build the bundle first (./mvnw -B -ntp -pl bundles/timesync -am install -DskipTests), then from the
# repository root: sh bundles/timesync/bench/clock.sh   (chronyd and chronyc from Debian's chrony package)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$out/chrony.conf" <<CONF
port $port
bindaddress 127.0.0.1
allow 127.0.0.1
local stratum 8
cmdport 0
pidfile $out/chronyd.pid
driftfile $out/drift
CONF
# unprivileged, never touching the system clock; ended by its PID
chronyd -U -x -d -f "$out/chrony.conf" > "$out/chronyd.log" 2>&1 &
chronyd_pid=$!
trap 'kill $chronyd_pid 2>/dev/null; rm -rf "$out"' EXIT
api=$(ls "$here"/../../api/target/org.mviot.edge.api-*.jar | head -1)
slf4j=$(find "${M2_REPO:-$HOME/.m2/repository}/org/slf4j/slf4j-api" -name 'slf4j-api-2*.jar' | head -1)
cp="$here/../target/classes:$api:$slf4j"
javac -d "$out" -cp "$cp" "$here/ClockBench.java"
sleep 1 # chronyd binds its port; the first exchanges would time out otherwise (the harness gives up after 1 s each)
taskset -c 0 java -Xmx64m -cp "$out:$cp" ClockBench "$port"
