# Serial line devices: the "serial" driver for text-line devices and fixed-length binary frames, on the
# serial port service of transport-serial.
description=The "serial" driver for text-line devices (CSV, key=value, JSON, regex) and binary frames, on transport-serial
bundles=\
  org.mviot.edge.driver.serial-${project.version}.jar
requires=transport-serial
