#!/usr/bin/env bash
# Long outage at the queue's bound (issue 17, item 6): the built distribution (sim profile plus a
# device that changes every 10 ms) with its broker unreachable and queue.max.bytes small, so that
# the queue reaches its bound within a minute and compacts from then on. Every SAMPLE seconds it
# prints the gateway's RSS, how many segment files it has mapped (and how many of those are
# deleted files), the queue's size (du) and the file system's use (df, which counts deleted but
# still open or mapped files). Flat after the first fill = no leak.
# Usage: bench/outage.sh [seconds=600] [queue-max-bytes=8388608] [sample-seconds=30] [segment-bytes=1048576]
# Build first: mvn -B -q -pl edge-distro -am install -DskipTests   (uses edge-distro/target/mviot-edge)
set -euo pipefail
here="$(cd "$(dirname "$0")/../../.." && pwd)"
home="$here/edge-distro/target/mviot-edge"
test -x "$home/bin/mviot-edge" || { echo "build the distribution first (see above)" >&2; exit 1; }
seconds="${1:-600}"; max="${2:-8388608}"; sample="${3:-30}"; segment="${4:-1048576}"
work=$(mktemp -d)
gw=""
cleanup() { if [ -n "$gw" ]; then kill "$gw" 2>/dev/null || true; wait "$gw" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT
trap "exit 143" TERM INT   # the EXIT trap then ends the gateway too
# a port on 127.0.0.1 that nothing listens on: the broker is down for the whole run
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export MVIOT_CONF="$work/conf" MVIOT_DATA="$work/data" MVIOT_DEPLOY="$work/deploy" MVIOT_BOOT_CONF="$work/none/mviot-edge.conf"
export MVIOT_LOCAL_BROKER_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$work/conf/devices" "$work/deploy"
"$home/bin/mviot-edge" provision --id outage-gw --broker "tcp://127.0.0.1:$port" --profile sim >/dev/null
queue="$work/data/cloud-mqtt/queue"
printf 'queue.max.bytes=%s\nqueue.segment.bytes=%s\n' "$max" "$segment" > "$work/deploy/org.mviot.edge.cloud.mqtt.cfg"
cat > "$work/conf/devices/fast.json" <<'JSON'
{"id": "fast", "driver": "sim", "thing": "org.mviot.test:fast",
 "channels": [{"name": "n", "type": "integer", "poll": "10ms", "address": {"signal": "counter"}},
              {"name": "alarm_high", "type": "boolean", "poll": "1s", "address": {"signal": "square", "period": "4000"}}]}
JSON
"$home/bin/mviot-edge" run > "$work/gateway.log" 2>&1 &
gw=$!
for i in $(seq 1 600); do grep -q "mviot-edge ready" "$work/gateway.log" && break; sleep 0.1; done
java_pid=$(pgrep -P "$gw" java || echo "$gw")
fsdev=$(df --output=source "$work" | tail -1)
printf '%6s %9s %8s %8s %9s %9s\n' "second" "rss_kB" "mapped" "deleted" "queue_kB" "df_used_kB"
start=$(date +%s)
while :; do
  now=$(( $(date +%s) - start ))
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$java_pid/status")
  mapped=$(grep -c "$queue/.*\.seg" "/proc/$java_pid/maps" || true)
  deleted=$(grep "$queue/" "/proc/$java_pid/maps" | grep -c "(deleted)" || true)
  du=$(du -sk "$queue" 2>/dev/null | cut -f1)
  used=$(df --output=used "$work" | tail -1 | tr -d ' ')
  printf '%6d %9d %8d %8d %9d %9d\n' "$now" "$rss" "$mapped" "$deleted" "${du:-0}" "$used"
  [ "$now" -ge "$seconds" ] && break
  sleep "$sample"
done
echo "queue log lines: $(grep -c 'dropped the' "$work/gateway.log" || true) compactions reported; file system $fsdev"
