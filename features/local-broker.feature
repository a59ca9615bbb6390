# A local MQTT broker: HiveMQ Community Edition (MQTT 3.1.1 and 5, in-memory), embedded in the bundle,
# on 127.0.0.1:1883 unless the gateway setting local.broker.port or PID org.mviot.edge.broker.local says otherwise.
# Started by profiles with local.broker=true (sim); the cloud link uses it when no cloud broker is provisioned.
description=Local MQTT v5 broker (HiveMQ CE, in memory) on 127.0.0.1 for the cloud link and local clients
bundles=\
  org.mviot.edge.broker.local-${project.version}.jar
requires=runtime
