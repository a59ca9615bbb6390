# The gateway clock: its own SNTP client plus chrony / systemd-timesyncd when present; registers GatewayClock,
# which the core uses to stamp samples (SYNCED within the hold-over, else SYSTEM_CLOCK). Settings: PID org.mviot.edge.timesync,
# installed from timesync/org.mviot.edge.timesync.config (the public NTP pool); the component waits for that configuration.
# Started once the gateway is ready (mviot-edge ready does not wait for it): until then the core stamps samples with the
# system clock, flagged as before the first sync, as it does before any sync.
start=after-ready
description=Gateway clock: SNTP client (several servers, clock filter, Kiss-o'-Death), chrony/timesyncd state, monotonic time with an error bound; time:status shell command
bundles=\
  org.mviot.edge.timesync-${project.version}.jar
requires=core
