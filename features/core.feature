# The IoT enabler: device registry, acquisition, edge computation, twin mapping, actuation, gateway twin.
description=Core: device descriptors in conf/devices, acquisition, edge pipeline, twin mapping, commands, gateway twin, mviot shell commands
bundles=\
  org.mviot.edge.api-${project.version}.jar,\
  gson-${gson.version}.jar,\
  org.mviot.edge.core-${project.version}.jar
requires=runtime
