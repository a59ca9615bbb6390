# The gateway's position: fixed from provisioning, NMEA 0183 from a GNSS receiver on a serial port, or gpsd; registers PositionService.
# Settings: PID org.mviot.edge.position. NMEA over a serial port needs the serial port service (SerialPorts) of the serial feature.
# Started once the gateway is ready (mviot-edge ready does not wait for it): devices that follow the gateway's position
# get it from the next gateway check on (every second by default), as when a fix is first found.
start=after-ready
description=Gateway position: fixed (position.fixed), NMEA 0183 GNSS receiver on a serial port, gpsd JSON; lost fixes reported as lost; position:status shell command
bundles=\
  org.mviot.edge.position-${project.version}.jar
requires=core
