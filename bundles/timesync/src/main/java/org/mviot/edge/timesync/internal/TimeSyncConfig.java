package org.mviot.edge.timesync.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the gateway clock (PID {@code org.mviot.edge.timesync}). */
@ObjectClassDefinition(name = "mviot-edge gateway clock", description = "NTP servers, polling, hold-over, and the system's own time daemons")
public @interface TimeSyncConfig {

    /**
     * @return NTP servers asked by the gateway's own client, {@code host} or {@code host:port}; none: rely on chrony/timesyncd only
     */
    @AttributeDefinition(name = "NTP servers", description = "host or host:port (default port 123); empty to rely on chrony or systemd-timesyncd only")
    String[] servers() default {"0.pool.ntp.org", "1.pool.ntp.org", "2.pool.ntp.org"};

    /** @return seconds between two polls */
    @AttributeDefinition(name = "Poll interval (s)", min = "1", description = "public pools ask for 64 s or more")
    int poll_interval_s() default 64;

    /** @return the longest poll interval a Kiss-o'-Death RATE backs off to, seconds */
    @AttributeDefinition(name = "Longest poll interval (s)", min = "1")
    int poll_interval_max_s() default 1024;

    /** @return how long after the last good sync the time still counts as synchronized, seconds */
    @AttributeDefinition(name = "Hold-over (s)", min = "1")
    int holdover_s() default 3600;

    /** @return how long to wait for a server's reply, milliseconds */
    @AttributeDefinition(name = "Reply timeout (ms)", min = "1")
    int timeout_ms() default 1000;

    /** @return the system clock's assumed frequency error between syncs, ppm */
    @AttributeDefinition(name = "Drift (ppm)", min = "0", description = "an uncorrected crystal: 50 ppm is 180 ms an hour")
    double drift_ppm() default 50;

    /** @return how fast a backward correction is slewed, ppm */
    @AttributeDefinition(name = "Slew rate (ppm)", min = "1", max = "500000")
    int slew_rate_ppm() default 50_000;

    /** @return a first offset larger than this marks the clock as wrong at boot, milliseconds */
    @AttributeDefinition(name = "Boot step tolerance (ms)", min = "0")
    int boot_step_tolerance_ms() default 1000;

    /** @return whether chrony and systemd-timesyncd are asked when no server of ours answers */
    @AttributeDefinition(name = "Read the system's time daemons")
    boolean system_sources() default true;

    /** @return the command printing chrony's tracking as CSV */
    @AttributeDefinition(name = "chrony tracking command")
    String[] chrony_command() default {"chronyc", "-c", "tracking"};

    /** @return what the gateway may do to the system clock: {@code off} or {@code step} */
    @AttributeDefinition(name = "System clock discipline", description = "off: leave the system clock to chrony/timesyncd; step: step it to the "
            + "time our NTP client or GNSS found (needs the privilege to set the clock)")
    String clock_discipline() default "off";

    /** @return the smallest offset the discipline steps, milliseconds */
    @AttributeDefinition(name = "Step threshold (ms)", min = "1")
    int clock_discipline_step_threshold_ms() default 128;

    /** @return the command that steps the system clock; {seconds} is the target time, SECONDS.NANOS since the epoch */
    @AttributeDefinition(name = "Step command")
    String[] clock_discipline_step_command() default {"date", "-u", "-s", "@{seconds}"};

    /** @return the timedatectl command (run with {@code show} and {@code show-timesync}) */
    @AttributeDefinition(name = "timedatectl command")
    String[] timedatectl_command() default {"timedatectl"};
}
