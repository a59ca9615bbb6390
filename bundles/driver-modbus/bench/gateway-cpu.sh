#!/usr/bin/env bash
# CPU cost of the gateway per delivered change (issue: Modbus drivers, "at most 5 % of one core").
#
#   ./mvnw -B -q install -DskipTests && bundles/driver-modbus/bench/gateway-cpu.sh [SECONDS] [REGISTERS]
#
# A pymodbus slave changes REGISTERS (1000) holding registers every 100 ms; the built distribution
# (pinned to core 0) polls them every 100 ms in block reads and sends the changes as Ditto twin
# updates to a local Mosquitto (core 1), where mosquitto_sub records them. The gateway's CPU time
# (utime+stime of its process) and the property changes that arrived at the broker are counted over
# SECONDS (30), twice: early (10 s after ready, while the JIT compiles the hot path, a one-time cost
# of each start) and steady (from WARMUP=60 s after ready): CPU % of one core, changes/s, µs/change.
set -euo pipefail
seconds=${1:-30}
count=${2:-1000}
here=$(cd "$(dirname "$0")" && pwd)
home=$here/../../../edge-distro/target/mviot-edge
[ -x "$home/bin/mviot-edge" ] || { echo "build first: ./mvnw -B -q install -DskipTests" >&2; exit 2; }
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
await_port() { for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 never opened" >&2; exit 1; }

mqtt=$(free_port); modbus=$(free_port)
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 100000\n' "$mqtt" > "$work/mosquitto.conf"
taskset -c 1 mosquitto -c "$work/mosquitto.conf" > "$work/mosquitto.log" 2>&1 & pids+=($!)
taskset -c 1 /usr/bin/python3 "$here/changing_registers.py" "$modbus" "$count" > "$work/slave.log" 2>&1 & pids+=($!)
await_port "$mqtt"; await_port "$modbus"

mkdir -p "$work/conf/devices" "$work/conf/hardware-profiles"
sed -e 's/^profile.name=.*/profile.name=bench/' -e 's/^features=.*/features=driver-modbus,cloud-mqtt/' \
    -e 's/^jvm.options=.*/jvm.options=-Xmx64m -Xms16m -XX:+UseSerialGC -Xss256k -XX:-UsePerfData/' \
    "$home/hardware-profiles/generic-linux.properties" > "$work/conf/hardware-profiles/bench.properties"
/usr/bin/python3 - "$count" "$modbus" > "$work/conf/devices/bench-plc.json" <<'PY'
import json, sys
n, port = int(sys.argv[1]), sys.argv[2]
print(json.dumps({"id": "bench-plc", "driver": "modbus",
                  "connection": {"host": "127.0.0.1", "port": port, "unit": "1", "timeout": "2s"},
                  "channels": [{"name": "r%d" % i, "type": "integer", "poll": "100ms",
                                "address": {"table": "holding", "register": i, "type": "int16"}} for i in range(n)]}))
PY
export MVIOT_CONF=$work/conf MVIOT_DATA=$work/data MVIOT_DEPLOY=$work/deploy MVIOT_BOOT_CONF=$work/none
"$home/bin/mviot-edge" provision --id bench-gw --broker "tcp://127.0.0.1:$mqtt" --profile bench > /dev/null
mosquitto_sub -h 127.0.0.1 -p "$mqtt" -V mqttv5 -t 'mviot/bench-gw/twin/#' > "$work/twin.jsonl" 2>&1 & pids+=($!)
taskset -c 0 "$home/bin/mviot-edge" run > "$work/out.txt" 2> "$work/gateway.log" & gw=$!; pids+=($gw)
for _ in $(seq 1 600); do grep -q 'ready in' "$work/out.txt" && break; sleep 0.1; done
ticks() { awk '{print $14 + $15}' "/proc/$gw/stat"; }
hz=$(getconf CLK_TCK)
ready=$(date +%s)

# one measurement window of $seconds: the gateway's CPU time against the changes that reached the broker
measure() {
  local label=$1 b0 b1 t0 t1 s0 s1 changes wall cpu_ms
  b0=$(stat -c %s "$work/twin.jsonl"); t0=$(ticks); s0=$(date +%s%N)
  sleep "$seconds"
  b1=$(stat -c %s "$work/twin.jsonl"); t1=$(ticks); s1=$(date +%s%N)
  changes=$(/usr/bin/python3 - "$work/twin.jsonl" "$b0" "$b1" <<'PY'
import json, sys
path, start, end = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def leaves(v):
    return sum(leaves(x) for x in v.values()) if isinstance(v, dict) else 1
n = 0
with open(path, "rb") as f:
    f.seek(start)
    data = f.read(end - start)
for line in data.splitlines():
    try:
        m = json.loads(line)
    except ValueError:
        continue
    if m.get("path", "").startswith("/features") and "properties" in json.dumps(m.get("value")) + m["path"]:
        n += leaves(m["value"]) if isinstance(m.get("value"), dict) else 1
print(n)
PY
)
  wall=$(( (s1 - s0) / 1000000 ))
  cpu_ms=$(( (t1 - t0) * 1000 / hz ))
  echo "== $label: registers $count every 100 ms, measured ${wall} ms (load:$(uptime | sed 's/.*load average://'))"
  echo "gateway CPU: ${cpu_ms} ms = $(awk -v c="$cpu_ms" -v w="$wall" 'BEGIN {printf "%.1f", 100 * c / w}') % of one core"
  echo "changes delivered to the broker: $changes = $(awk -v n="$changes" -v w="$wall" 'BEGIN {printf "%.0f", 1000 * n / w}') /s"
  echo "CPU per delivered change: $(awk -v c="$cpu_ms" -v n="$changes" 'BEGIN {if (n > 0) printf "%.2f", 1000 * c / n; else print "n/a"}') µs"
}

# early: 10 s after ready, while the JIT still compiles the hot path (a one-time cost of each start)
sleep 10   # a benchmark's warm-up, not a test
measure "early (10 s after ready, JIT compiling)"
# steady: from WARMUP seconds after ready (60 by default), what a running gateway costs
now=$(date +%s); rest=$(( ready + ${WARMUP:-60} - now )); [ "$rest" -gt 0 ] && sleep "$rest"
measure "steady (${WARMUP:-60} s after ready)"
grep -E "ERROR|WARN" "$work/gateway.log" | head -5 || true
