# Simulated devices: the "sim" driver and, with demo=true in features/sim/org.mviot.edge.driver.sim.cfg, two demo devices.
description=Simulated driver "sim" (sine, ramp, random walk, square, counter, setpoint) with demo devices
bundles=\
  org.mviot.edge.driver.sim-${project.version}.jar
requires=core
