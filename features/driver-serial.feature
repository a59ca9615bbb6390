# Serial ports: the serial port service (jssc embedded, natives for linux x86_64/arm/arm64 inside) and the "serial" text-line driver.
description=Serial ports (jssc) shared by serial line devices, Modbus RTU and GNSS; the "serial" driver for text-line devices; serial:ports shell command
bundles=\
  org.mviot.edge.driver.serial-${project.version}.jar
requires=core
