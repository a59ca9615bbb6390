#!/bin/sh
# The policy check per command with 1,000 rules (goal <= 10 us), and a signature check, on one core.
# Build first (./mvnw -B -ntp -pl bundles/security -am install -DskipTests), then from the repository root:
#   sh bundles/security/bench/policy.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo="${M2_REPO:-$HOME/.m2/repository}"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
api=$(ls "$here"/../../api/target/org.mviot.edge.api-*.jar | head -1)
jar=$(ls "$here"/../target/org.mviot.edge.security-*.jar | grep -v sources | head -1)
gson=$(find "$repo/com/google/code/gson/gson" -name 'gson-2.13*.jar' | head -1)
slf4j=$(find "$repo/org/slf4j/slf4j-api" -name 'slf4j-api-2*.jar' | head -1)
cp="$jar:$api:$gson:$slf4j"
javac -d "$out" -cp "$cp" "$here/PolicyBench.java"
taskset -c 0 java -Xmx256m -cp "$out:$cp" PolicyBench
