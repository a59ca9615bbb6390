#!/usr/bin/env bash
# Start-up, memory and hot-deploy benchmark of the built distribution (issue: runtime).
#
#   ./mvnw -B -q install -DskipTests && edge-distro/bench/startup.sh [RUNS] [PROFILE]
#   LOCAL_BROKER=off edge-distro/bench/startup.sh ...   the same profile without its local MQTT broker
#
# Pinned to one core (taskset -c 0). For each of RUNS (default 5) starts it reports the launcher's
# "ready in N ms" (from the launcher script's start), the wall time until that line, and the
# resident memory right after it; then it hot-deploys a one-component bundle and reports the time
# from the jar's rename into deploy/ to the component's activation. The first start of a fresh data
# directory (framework cache and class-data archive created) is reported separately.
set -euo pipefail
runs=${1:-5}
profile=${2:-sim}
here=$(cd "$(dirname "$0")" && pwd)
home=$here/../target/mviot-edge
[ -x "$home/bin/mviot-edge" ] || { echo "build first: ./mvnw -B -q install -DskipTests" >&2; exit 2; }
work=$(mktemp -d)
trap '[ "${pid:-0}" -gt 0 ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
export MVIOT_CONF=$work/conf MVIOT_DATA=$work/data MVIOT_DEPLOY=$work/deploy MVIOT_BOOT_CONF=$work/none
# a profile with local.broker=true starts a broker: on a free port, never on a 1883 something else may hold
MVIOT_LOCAL_BROKER_PORT=${MVIOT_LOCAL_BROKER_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
export MVIOT_LOCAL_BROKER_PORT
if [ "${LOCAL_BROKER:-on}" = off ]; then # the installer's copy of the profile wins over the shipped one
  mkdir -p "$MVIOT_CONF/hardware-profiles"
  sed 's/^local.broker=.*/local.broker=false/' "$home/hardware-profiles/$profile.properties" > "$MVIOT_CONF/hardware-profiles/$profile.properties"
fi

# a bundle with one DS component that logs the epoch millisecond of its activation
mkdir -p "$work/b/bench" "$work/b/OSGI-INF" "$work/b/META-INF"
cat > "$work/b/bench/Probe.java" <<'JAVA'
package bench;
public class Probe {
    public void activate() {
        org.slf4j.LoggerFactory.getLogger("bench").info("bench component active at {}", System.currentTimeMillis());
    }
}
JAVA
cat > "$work/b/OSGI-INF/bench.xml" <<'XML'
<scr:component xmlns:scr="http://www.osgi.org/xmlns/scr/v1.1.0" name="bench.Probe" immediate="true" activate="activate">
  <implementation class="bench.Probe"/>
</scr:component>
XML
printf 'Bundle-ManifestVersion: 2\nBundle-SymbolicName: bench.probe\nBundle-Version: 1.0.0\nImport-Package: org.slf4j\nService-Component: OSGI-INF/bench.xml\n' > "$work/b/META-INF/MANIFEST.MF"
javac -d "$work/b" -cp "$(ls "$home"/lib/slf4j-api-*.jar)" "$work/b/bench/Probe.java"
rm "$work/b/bench/Probe.java"
(cd "$work/b" && jar cfm ../probe.jar META-INF/MANIFEST.MF bench OSGI-INF)

start_once() { # sets pid; writes "ready_ms wall_ms rss_kb" to $work/result
  local out=$work/out.txt err=$work/err.txt t0 t1
  : > "$out"; : > "$err"
  t0=$(date +%s%3N)
  taskset -c 0 "$home/bin/mviot-edge" run --profile "$profile" > "$out" 2> "$err" &
  pid=$!
  for _ in $(seq 1 600); do grep -q 'ready in' "$out" && break; sleep 0.01; done
  t1=$(date +%s%3N)
  grep -q 'ready in' "$out" || { echo "not ready:"; cat "$out" "$err"; exit 1; }
  echo "$(sed -n 's/.*ready in \([0-9]*\) ms/\1/p' "$out") $((t1 - t0)) $(awk '/VmRSS/ {print $2}' /proc/$pid/status)" > "$work/result"
}
stop() { kill -TERM "$pid"; wait "$pid" || true; pid=0; }

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "profile $profile (local broker ${LOCAL_BROKER:-on}, port $MVIOT_LOCAL_BROKER_PORT), $(nproc) cores present, gateway pinned to core 0, $runs runs"
pid=0
start_once; first=$(cat "$work/result"); stop
echo "first start (empty cache, CDS archive written at exit): ready ${first%% *} ms"
: > "$work/ready"; : > "$work/wall"; : > "$work/rss"; : > "$work/deploy.txt"
for i in $(seq 1 "$runs"); do
  start_once; read -r r w m < "$work/result"
  echo "$r" >> "$work/ready"; echo "$w" >> "$work/wall"; echo "$m" >> "$work/rss"
  t0=$(date +%s%3N)
  cp "$work/probe.jar" "$MVIOT_DEPLOY/.probe.part" && mv "$MVIOT_DEPLOY/.probe.part" "$MVIOT_DEPLOY/probe.jar"
  for _ in $(seq 1 500); do grep -q 'bench component active' "$work/err.txt" && break; sleep 0.01; done
  t1=$(sed -n 's/.*bench component active at \([0-9]*\).*/\1/p' "$work/err.txt")
  echo $((t1 - t0)) >> "$work/deploy.txt"
  rm "$MVIOT_DEPLOY/probe.jar"
  for _ in $(seq 1 500); do grep -q 'Uninstalled.*probe.jar' "$work/err.txt" && break; sleep 0.01; done
  stop
  echo "run $i: ready $r ms (wall $w ms), RSS $((m / 1024)) MB, hot deploy $((t1 - t0)) ms"
done
echo "median: ready $(median < "$work/ready") ms, wall $(median < "$work/wall") ms, RSS $(( $(median < "$work/rss") / 1024 )) MB, hot deploy $(median < "$work/deploy.txt") ms"
