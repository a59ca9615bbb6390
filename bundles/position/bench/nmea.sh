#!/bin/sh
# NMEA sentences parsed per second on one core. Build the bundle first:
#   ./mvnw -B -ntp -pl bundles/position -am install -DskipTests
# then, from the repository root:  sh bundles/position/bench/nmea.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# the bundle's classes, the api (Position) and slf4j-api are all the harness needs
api=$(ls "$here"/../../api/target/org.mviot.edge.api-*.jar | head -1)
slf4j=$(find "${M2_REPO:-$HOME/.m2/repository}/org/slf4j/slf4j-api" -name 'slf4j-api-2*.jar' | head -1)
cp="$here/../target/classes:$api:$slf4j"
javac -d "$out" -cp "$cp" "$here/NmeaThroughput.java"
exec taskset -c 0 java -Xmx64m -cp "$out:$cp" NmeaThroughput
