# Modbus TCP and RTU devices; RTU goes through the serial port service of driver-serial.
description=Modbus driver "modbus": TCP (shared connections, several unit ids) and RTU over the serial port service; block read planner
bundles=\
  org.mviot.edge.driver.modbus-${project.version}.jar
requires=driver-serial
