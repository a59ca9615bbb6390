#!/bin/sh
# The added cost per sample of the time quality (issue 12, goal <= 50 ns): JMH, one thread pinned to one core.
# From the repository root: sh bundles/core-bench/time-quality.sh  (pass -Dmaven.repo.local=... in MAVEN_ARGS if needed)
set -eu
./mvnw -B -q -ntp ${MAVEN_ARGS:-} -Pbench -pl bundles/core-bench -am package -DskipTests
taskset -c 0 java -jar bundles/core-bench/target/benchmarks.jar TimeQualityBenchmark -prof gc
