#!/usr/bin/env bash
# TLS handshake time to Mosquitto on loopback: makes a CA, a broker certificate (RSA 2048) and a
# client certificate (EC P-256) with openssl, starts its own Mosquitto (on core 1) with a TLS
# listener that requires client certificates and a plain listener, both on free 127.0.0.1 ports,
# and runs TlsHandshakeBenchmark pinned to core 0. Usage: bench/tls-handshake.sh [N]
# Build first: ./mvnw -B -q -pl bundles/cloud-mqtt -am install -DskipTests (and test-compile)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
mvn=../../mvnw
$mvn -B -q -o ${MAVEN_OPTS_REPO:-} dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp" >/dev/null
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
tls=$(free_port); plain=$(free_port)
(
  cd "$work"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj /CN=bench-ca 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -keyout broker.key -out broker.csr -subj /CN=broker -addext subjectAltName=IP:127.0.0.1 2>/dev/null
  openssl x509 -req -in broker.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out broker.pem -days 2 -copy_extensions copy 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout gw.key -out gw.csr -subj /CN=bench-gw 2>/dev/null
  openssl x509 -req -in gw.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out gw.pem -days 2 2>/dev/null
)
cat > "$work/mosquitto.conf" <<CONF
per_listener_settings false
allow_anonymous true
listener $tls 127.0.0.1
cafile $work/ca.pem
certfile $work/broker.pem
keyfile $work/broker.key
require_certificate true
listener $plain 127.0.0.1
$( [ "$(id -u)" = 0 ] && echo "user root" )
CONF
taskset -c 1 mosquitto -c "$work/mosquitto.conf" > "$work/mosquitto.log" 2>&1 &
broker=$!
trap 'kill $broker 2>/dev/null; rm -rf "$work"' EXIT
for i in $(seq 1 50); do (echo > /dev/tcp/127.0.0.1/$plain) 2>/dev/null && break; sleep 0.1; done
taskset -c 0 java -Xmx256m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "target/classes:target/test-classes:$(cat "$work/cp")" \
  org.mviot.edge.cloud.mqtt.bench.TlsHandshakeBenchmark "$tls" "$plain" "$work/ca.pem" "$work/gw.pem" "$work/gw.key" "${1:-200}"
