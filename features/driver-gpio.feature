# GPIO on the 40-pin header through Pi4J 2.8 (embedded in the bundle): gpiod on every Raspberry Pi profile,
# linuxfs for PWM, the mock provider on the sim profile. The board facts (provider, chip, board model, header
# map) come from the hardware profile: the launcher writes them to deploy/org.mviot.edge.driver.gpio.cfg at each run.
description=GPIO driver "gpio": inputs with edges and debounce, pulse counters, outputs with a safe state, PWM (Pi4J 2.8)
bundles=\
  org.mviot.edge.driver.gpio-${project.version}.jar
requires=core
