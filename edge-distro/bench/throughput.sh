#!/usr/bin/env bash
# In-gateway throughput benchmark (issue 3): the built distribution on one core (taskset -c 0), the
# sim driver polled at a high rate into a counting TwinPublisher, under a 64 MB max heap.
#
#   ./mvnw -B -q install -DskipTests && edge-distro/bench/throughput.sh
#
# Settings (environment):
#   DEVICES=4 CHANNELS=250 POLL_MS=2   offered load = DEVICES * CHANNELS * 1000 / POLL_MS samples/s;
#                                      polls that find the previous read of their device still
#                                      running are skipped, so the measured rate is what the core
#                                      sustains, not what was offered
#   SIGNAL=counter                     sim signal of every channel (counter: every sample is a change)
#   STAGES=''                          JSON stage list of every channel, e.g. '[{"kind":"deadband","absolute":5}]'
#   WARMUP_S=20 MEASURE_S=30           seconds before and of the measurement
#   JVM='-Xmx64m -XX:+UseSerialGC'     JVM options of the gateway (a bench hardware profile)
#   PROFILE_CPU=0                      1: record a JFR execution profile during the measurement and
#                                      print the hottest methods
#
# It reports samples/s from the core's own counter (acquisition/samples.total of the gateway twin,
# as the counting publisher receives it), the property changes/s and updates/s the publisher took,
# the heap used (max seen at the gateway reports) and the process's RSS.
set -euo pipefail
devices=${DEVICES:-4}
channels=${CHANNELS:-250}
poll_ms=${POLL_MS:-2}
signal=${SIGNAL:-counter}
stages=${STAGES:-}
warmup=${WARMUP_S:-20}
measure=${MEASURE_S:-30}
jvm=${JVM:--Xmx64m -XX:+UseSerialGC}
profile_cpu=${PROFILE_CPU:-0}

here=$(cd "$(dirname "$0")" && pwd)
home=$here/../target/mviot-edge
[ -x "$home/bin/mviot-edge" ] || { echo "build first: ./mvnw -B -q install -DskipTests" >&2; exit 2; }
work=$(mktemp -d)
pid=0
cleanup() {
  if [ "$pid" != 0 ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
export MVIOT_CONF=$work/conf MVIOT_DATA=$work/data MVIOT_DEPLOY=$work/deploy MVIOT_BOOT_CONF=$work/none
mkdir -p "$MVIOT_CONF/devices" "$MVIOT_CONF/hardware-profiles" "$MVIOT_DATA" "$MVIOT_DEPLOY"

# --- a hardware profile that is the sim profile with the benchmark's JVM options
# (only the sim feature: no other publisher, such as a cloud link, shares the updates)
sed -e 's/^profile.name=.*/profile.name=bench/' -e "s|^jvm.options=.*|jvm.options=$jvm|" -e 's/^features=.*/features=sim/' \
  "$home/hardware-profiles/sim.properties" > "$MVIOT_CONF/hardware-profiles/bench.properties"

# --- no demo devices (the launcher keeps a configuration file that is already there); gateway report every 2 s
printf 'demo=false\n' > "$MVIOT_DEPLOY/org.mviot.edge.driver.sim.cfg"
printf 'gateway.report.s=2\n' > "$MVIOT_DEPLOY/org.mviot.edge.core.cfg"

# --- the counting publisher: a bundle with one DS component providing TwinPublisher
mkdir -p "$work/b/bench" "$work/b/OSGI-INF" "$work/b/META-INF"
cat > "$work/b/bench/CountingPublisher.java" <<'JAVA'
package bench;

import java.util.concurrent.atomic.LongAdder;
import org.mviot.edge.api.twin.PropertyChange;
import org.mviot.edge.api.twin.TwinPublisher;
import org.mviot.edge.api.twin.TwinUpdate;

public class CountingPublisher implements TwinPublisher {
    private final LongAdder updates = new LongAdder();
    private final LongAdder changes = new LongAdder();
    // channel c1 of each bench device is a counter starting at 1: its value is 1 + the reads of every
    // channel of that device (all are polled together), a count independent of the core's own counter
    private final java.util.Map<String, Long> firstChannel = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public boolean publish(TwinUpdate u) {
        updates.increment();
        if (u instanceof TwinUpdate.Changes c) {
            changes.add(c.changes().size());
            if (c.thing().name().startsWith("bench-")) {
                for (PropertyChange p : c.changes()) {
                    if (p.feature().equals("c1") && p.path().equals("value") && p.value() instanceof Long v) {
                        firstChannel.put(c.thing().name(), v);
                    }
                }
            }
            Object total = null, used = null, max = null, backlog = null, dropped = null;
            for (PropertyChange p : c.changes()) {
                String k = p.feature() + "/" + p.path();
                switch (k) {
                    case "acquisition/samples.total" -> total = p.value();
                    case "system/memory.heap.used" -> used = p.value();
                    case "system/memory.heap.max" -> max = p.value();
                    case "uplink/backlog.properties" -> backlog = p.value();
                    case "uplink/dropped" -> dropped = p.value();
                    default -> { }
                }
            }
            if (total != null) {
                org.slf4j.LoggerFactory.getLogger("bench").info(
                        "bench at={} samples.total={} publisher.updates={} publisher.changes={} c1.reads={} heap.used={} heap.max={} backlog={} dropped={}",
                        System.currentTimeMillis(), total, updates.sum(), changes.sum(),
                        firstChannel.values().stream().mapToLong(Long::longValue).sum(), used, max, backlog, dropped);
            }
        }
        return true;
    }
}
JAVA
cat > "$work/b/OSGI-INF/bench.xml" <<'XML'
<scr:component xmlns:scr="http://www.osgi.org/xmlns/scr/v1.1.0" name="bench.CountingPublisher" immediate="true">
  <implementation class="bench.CountingPublisher"/>
  <service><provide interface="org.mviot.edge.api.twin.TwinPublisher"/></service>
</scr:component>
XML
printf 'Bundle-ManifestVersion: 2\nBundle-SymbolicName: bench.counting.publisher\nBundle-Version: 1.0.0\nImport-Package: org.mviot.edge.api.twin,org.slf4j\nService-Component: OSGI-INF/bench.xml\n' > "$work/b/META-INF/MANIFEST.MF"
javac --release 17 -d "$work/b" -cp "$(ls "$home"/system/org.mviot.edge.api-*.jar):$(ls "$home"/lib/slf4j-api-*.jar)" "$work/b/bench/CountingPublisher.java"
rm "$work/b/bench/CountingPublisher.java"
(cd "$work/b" && jar cfm ../publisher.jar META-INF/MANIFEST.MF bench OSGI-INF)
cp "$work/publisher.jar" "$MVIOT_DEPLOY/.publisher.part" && mv "$MVIOT_DEPLOY/.publisher.part" "$MVIOT_DEPLOY/bench-publisher.jar"

# --- the high-rate sim devices
stage_json=""
[ -n "$stages" ] && stage_json=", \"stages\": $stages"
for d in $(seq 1 "$devices"); do
  {
    printf '{"id": "bench-%s", "driver": "sim", "channels": [\n' "$d"
    for c in $(seq 1 "$channels"); do
      sep=","; [ "$c" = "$channels" ] && sep=""
      printf '  {"name": "c%s", "type": "integer", "poll": "%sms", "address": {"signal": "%s", "start": "%s"}%s}%s\n' \
        "$c" "$poll_ms" "$signal" "$c" "$stage_json" "$sep"
    done
    printf ']}\n'
  } > "$MVIOT_CONF/devices/.bench-$d.part"
  mv "$MVIOT_CONF/devices/.bench-$d.part" "$MVIOT_CONF/devices/bench-$d.json"
done
offered=$((devices * channels * 1000 / poll_ms))

out=$work/out.txt err=$work/err.txt
taskset -c 0 "$home/bin/mviot-edge" run --profile bench > "$out" 2> "$err" &
pid=$!
for _ in $(seq 1 300); do grep -q 'ready in' "$out" && break; sleep 0.1; done
grep -q 'ready in' "$out" || { echo "gateway not ready:"; cat "$out" "$err"; exit 1; }
for _ in $(seq 1 300); do grep -q 'bench at=' "$err" && break; sleep 0.1; done
grep -q 'bench at=' "$err" || { echo "the counting publisher reports nothing:"; tail -50 "$err"; exit 1; }

echo "gateway pid $pid, $(taskset -p "$pid" | sed 's/.*current //') ($(nproc) cores present); JVM: $jvm"
echo "$devices devices x $channels $signal channels polled every $poll_ms ms: offered $offered samples/s${stages:+, stages $stages}"
echo "warming up ${warmup} s, then measuring ${measure} s"
sleep "$warmup" # the benchmark's own schedule, not synchronization
last() { grep 'bench at=' "$err" | tail -n 1; }
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<< "$2"; }
a=$(last)
cpu_a=$(awk '{print $14 + $15}' "/proc/$pid/stat")
if [ "$profile_cpu" = 1 ]; then
  jcmd "$pid" JFR.start name=bench settings=profile duration="${measure}s" filename="$work/bench.jfr" > /dev/null
fi
: > "$work/heap"
end=$(( $(date +%s) + measure ))
while [ "$(date +%s)" -lt "$end" ]; do
  sleep 2
  field heap.used "$(last)" >> "$work/heap"
done
b=$(last)
cpu_b=$(awk '{print $14 + $15}' "/proc/$pid/stat")

t=$(( $(field at "$b") - $(field at "$a") ))
samples=$(( $(field samples.total "$b") - $(field samples.total "$a") ))
changes=$(( $(field publisher.changes "$b") - $(field publisher.changes "$a") ))
updates=$(( $(field publisher.updates "$b") - $(field publisher.updates "$a") ))
reads=$(( $(field c1.reads "$b") - $(field c1.reads "$a") ))
heap_max=$(field heap.max "$b")
heap_peak=$(sort -n "$work/heap" | tail -n 1)
rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
echo "over $t ms:"
echo "  samples/s (core counter):        $(( samples * 1000 / t ))"
[ "$signal" = counter ] && echo "  samples/s (sim counters, check):  $(( reads * channels * 1000 / t ))"
echo "  property changes/s (publisher):  $(( changes * 1000 / t ))"
echo "  twin updates/s (publisher):      $(( updates * 1000 / t ))"
echo "  heap used, max seen: $(( heap_peak / 1048576 )) MB of a $(( heap_max / 1048576 )) MB max heap"
echo "  RSS $(( rss / 1024 )) MB (peak $(( hwm / 1024 )) MB); uplink backlog $(field backlog "$b") properties, dropped $(field dropped "$b")"
echo "  CPU used by the gateway while measuring: $(( (cpu_b - cpu_a) * 1000 / $(getconf CLK_TCK) * 100 / t ))% of core 0"
jcmd "$pid" GC.heap_info 2>/dev/null | sed -n '2,4p' | sed 's/^/  /' || true
if [ "$profile_cpu" = 1 ]; then
  for _ in $(seq 1 50); do [ -s "$work/bench.jfr" ] && break; sleep 1; done
  echo "hottest methods (top frames of JFR execution samples during the measurement):"
  jfr print --events jdk.ExecutionSample "$work/bench.jfr" \
    | awk '/stackTrace = \[/ {getline; sub(/^[ \t]+/, ""); sub(/line:.*/, ""); print}' \
    | sort | uniq -c | sort -rn | head -25
  echo "threads of those samples:"
  jfr print --events jdk.ExecutionSample "$work/bench.jfr" | sed -n 's/.*sampledThread = "\([^"]*\)".*/\1/p' \
    | sed 's/-[0-9]*$//' | sort | uniq -c | sort -rn | head -10
fi
