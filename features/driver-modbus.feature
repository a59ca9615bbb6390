# Modbus TCP and RTU devices. RTU goes through the serial port service of transport-serial, which this feature
# installs too; the Modbus bundle binds it dynamically and optionally: without it TCP devices work and RTU devices
# are offline naming transport-serial, and updating or removing transport-serial never interrupts TCP devices.
description=Modbus driver "modbus": TCP (shared connections, several unit ids) and RTU over transport-serial; block read planner
bundles=\
  org.mviot.edge.driver.modbus-${project.version}.jar
requires=transport-serial
