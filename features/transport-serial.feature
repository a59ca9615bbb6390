# The serial transport: the serial port service (jssc embedded, natives for linux x86_64/arm/arm64 inside) that
# serial line devices, Modbus RTU and GNSS receivers share. No driver: updating it never restarts a driver.
description=Serial ports (jssc) shared by the serial driver, Modbus RTU and GNSS; serial:ports shell command
bundles=\
  org.mviot.edge.transport.serial-${project.version}.jar
requires=core
