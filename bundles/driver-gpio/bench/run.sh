#!/bin/sh
# Edge-path benchmark of the GPIO driver on Pi4J's mock provider, pinned to one core.
# Usage (from the repository root, after `./mvnw -pl bundles/driver-gpio -am install -DskipTests`):
#   bundles/driver-gpio/bench/run.sh [EDGES] [PACED]      (defaults 2000000 10000)
# Add -Dmaven.repo.local=... to MVN_ARGS if you use a private local repository.
set -eu
cd "$(dirname "$0")/.."
../../mvnw -B -ntp -q ${MVN_ARGS:-} test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
exec taskset -c 0 java -Xmx64m -XX:+UseSerialGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp target/classes:target/test-classes:"$(cat target/bench.cp)" org.mviot.edge.driver.gpio.internal.EdgeBench "$@"
