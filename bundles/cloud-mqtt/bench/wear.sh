#!/usr/bin/env bash
# SD card wear of the queue: bytes that reach the storage device per record (file data, ext4
# metadata and journal), counted in the device's own statistics. The queue lives on a fresh ext4
# file system in a loop-mounted image file, so nothing else writes to that device. Needs root (mount).
#
#   mvn -B -q -pl bundles/cloud-mqtt -am install -DskipTests
#   sudo bundles/cloud-mqtt/bench/wear.sh [rate=100] [seconds=30] [deliver-ms=10] [segment-bytes=1048576]
#
# A connected gateway: RATE records/s, each acknowledged DELIVER_MS after its append, group commit
# every 200 ms. The figure leaves out the kernel's writeback that comes after the run (the process
# does not wait 30 s for it); the second figure adds what a final syncfs writes.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "wear.sh mounts a loop device: run it as root" >&2; exit 2; }
work=$(mktemp -d)
mnt=$work/mnt
loop=
cleanup() { if [ -n "$loop" ]; then umount "$mnt" 2>/dev/null || true; losetup -d "$loop" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp" >/dev/null
truncate -s 256M "$work/img"
mkfs.ext4 -q -F "$work/img"
mkdir "$mnt"
loop=$(losetup --find --show "$work/img")
mount "$loop" "$mnt"
dev=$(basename "$loop")
sectors() { awk '{print $7}' "/sys/block/$dev/stat"; }
sync -f "$mnt"
s0=$(sectors)
n=$(taskset -c 0 java -XX:-UsePerfData -cp "target/classes:target/test-classes:$(cat "$work/cp")" \
  org.mviot.edge.cloud.mqtt.bench.QueueWear "$mnt/queue" "${1:-100}" "${2:-30}" "${3:-10}" "${4:-1048576}")
s1=$(sectors)
sync -f "$mnt"
s2=$(sectors)
awk -v n="$n" -v a="$s0" -v b="$s1" -v c="$s2" -v rate="${1:-100}" -v ms="${3:-10}" 'BEGIN {
  printf "%d records at %d/s, each delivered %d ms after its append\n", n, rate, ms
  printf "device bytes written per record during the run   %8.1f\n", (b - a) * 512 / n
  printf "  including a final syncfs                        %8.1f\n", (c - a) * 512 / n
  printf "  GB a day at this rate                           %8.2f\n", (b - a) * 512 / n * rate * 86400 / 1e9 }'
