package org.mviot.edge.timesync.internal.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The system's own time daemons, asked in turn: chrony ({@code chronyc -c tracking}), then
 * systemd-timesyncd ({@code timedatectl show}, {@code timedatectl show-timesync}). Neither is required.
 */
public final class SystemTimeDaemons {

    private final SystemCommand chrony;
    private final SystemCommand timedatectlShow;
    private final SystemCommand timedatectlTimesync;

    /**
     * @param chronyCommand      the chrony tracking command
     * @param timedatectlCommand the timedatectl command
     * @param timeout            how long one command may run
     */
    public SystemTimeDaemons(List<String> chronyCommand, List<String> timedatectlCommand, Duration timeout) {
        this.chrony = new SystemCommand(chronyCommand, timeout);
        this.timedatectlShow = new SystemCommand(with(timedatectlCommand, "show"), timeout);
        this.timedatectlTimesync = new SystemCommand(with(timedatectlCommand, "show-timesync"), timeout);
    }

    private static List<String> with(List<String> command, String arg) {
        List<String> c = new ArrayList<>(command);
        c.add(arg);
        return c;
    }

    /**
     * @return chrony's tracking, empty when chrony is not installed, not running or not answering
     * @throws InterruptedException when the caller gave up
     */
    public Optional<ChronyTracking> chrony() throws InterruptedException {
        return chrony.run().flatMap(ChronyTracking::parse);
    }

    /**
     * @return timesyncd's status, empty when timedatectl is absent or systemd not running
     * @throws InterruptedException when the caller gave up
     */
    public Optional<TimesyncdStatus> timesyncd() throws InterruptedException {
        Optional<String> show = timedatectlShow.run();
        if (show.isEmpty()) {
            return Optional.empty();
        }
        return TimesyncdStatus.parse(show.get(), timedatectlTimesync.run().orElse(""));
    }
}
