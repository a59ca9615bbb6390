package org.mviot.edge.timesync.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.mviot.edge.api.time.TimeReference;
import org.mviot.edge.timesync.internal.discipline.SystemClockDiscipline;

import org.mviot.edge.timesync.internal.clock.SyncRecord;
import org.mviot.edge.timesync.internal.clock.SyncedClock;
import org.mviot.edge.timesync.internal.ntp.NtpRefusal;
import org.mviot.edge.timesync.internal.ntp.NtpSample;
import org.mviot.edge.timesync.internal.ntp.SntpClient;
import org.mviot.edge.timesync.internal.selection.ClockFilter;
import org.mviot.edge.timesync.internal.selection.ServerSelection;
import org.mviot.edge.timesync.internal.selection.ServerState;
import org.mviot.edge.timesync.internal.system.ChronyTracking;
import org.mviot.edge.timesync.internal.system.SystemTimeDaemons;
import org.mviot.edge.timesync.internal.system.TimesyncdStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One round of synchronization, run every poll interval on the bundle's one thread: ask the servers
 * that are due, keep each one's best recent sample, let the majority that agrees set the clock. When
 * no server of ours answered this round, the system's own daemon (chrony, then timesyncd) may vouch
 * for the system clock instead.
 */
final class TimeSyncPoller {

    private static final Logger LOG = LoggerFactory.getLogger(TimeSyncPoller.class);

    private final List<ServerState> servers;
    private final SntpClient client;
    private final SyncedClock clock;
    private final Optional<SystemTimeDaemons> daemons;
    private final Duration timeout;
    private final long holdOverNanos;
    private final Supplier<List<TimeReference>> references;
    private final SystemClockDiscipline discipline;
    private boolean markUsed;
    private long lastMarkNanos;
    private String lastSelection = "";

    /**
     * @param servers       the configured servers
     * @param client        the SNTP client
     * @param clock         the clock to set
     * @param daemons       the system's daemons, empty when they are not to be asked
     * @param timeout       reply timeout per server
     * @param holdOverNanos samples older than this are not used
     * @param references    reference times other bundles offer (GNSS), asked when neither a server nor a daemon vouches for the time
     * @param discipline    steps the system clock when allowed
     */
    TimeSyncPoller(List<ServerState> servers, SntpClient client, SyncedClock clock, Optional<SystemTimeDaemons> daemons, Duration timeout,
                   long holdOverNanos, Supplier<List<TimeReference>> references, SystemClockDiscipline discipline) {
        this.references = references;
        this.discipline = discipline;
        this.servers = List.copyOf(servers);
        this.client = client;
        this.clock = clock;
        this.daemons = daemons;
        this.timeout = timeout;
        this.holdOverNanos = holdOverNanos;
    }

    /** One round; never throws (a failed round leaves the clock as it was). */
    void poll() {
        try {
            long roundStart = System.nanoTime();
            boolean fresh = askDueServers();
            if (fresh && selectAndSync(roundStart)) {
                return;
            }
            if (daemons.isPresent() && askDaemons(daemons.get())) {
                return;
            }
            askReferences();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("time sync round failed (a bug): the clock keeps its last correction", e);
        }
    }

    /** @return whether some server gave a new sample */
    private boolean askDueServers() {
        boolean fresh = false;
        for (ServerState s : servers) {
            long now = System.nanoTime();
            if (!s.due(now)) {
                continue;
            }
            String name = s.address().toString();
            try {
                NtpSample sample = client.query(name, s.address().resolve(), timeout);
                s.filter().add(sample);
                s.answered();
                s.asked(now, "answered: stratum " + sample.stratum() + ", offset " + micros(sample.offsetNanos()) + " µs, delay "
                        + micros(sample.delayNanos()) + " µs");
                fresh = true;
            } catch (NtpRefusal r) {
                String was = s.lastOutcome();
                s.asked(now, r.getMessage());
                switch (r.kind()) {
                    case KISS_RATE -> LOG.info("{}: backing off to {} s", r.getMessage(), s.backOff(now) / 1_000_000_000L);
                    case KISS_DENY -> {
                        s.drop();
                        LOG.warn("{}: not asking it again until the configuration changes", r.getMessage());
                    }
                    default -> {
                        if (!r.getMessage().equals(was)) { // once per change, not every poll
                            LOG.info("{}", r.getMessage());
                        }
                    }
                }
            } catch (IOException e) {
                String was = s.lastOutcome();
                String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName(); // ICMP port unreachable has none
                s.asked(now, "no answer: " + why);
                if (!was.startsWith("no answer")) {
                    LOG.info("NTP server {} does not answer: {}", name, why);
                }
            }
        }
        return fresh;
    }

    /** @return whether the clock was set */
    private boolean selectAndSync(long roundStart) {
        long now = System.nanoTime();
        List<ClockFilter.Estimate> estimates = new ArrayList<>();
        for (ServerState s : servers) {
            if (!s.dropped()) {
                s.filter().best(holdOverNanos, now).ifPresent(estimates::add);
            }
        }
        Optional<ServerSelection.Selected> selected = ServerSelection.select(estimates);
        if (selected.isEmpty()) {
            logSelection("no majority of the " + estimates.size() + " answering NTP servers agrees: the clock is left as it was");
            return false;
        }
        ServerSelection.Selected s = selected.get();
        NtpSample peer = s.peer().sample();
        // the hold-over counts from the newest sample that took part, not from this round
        long measuredAt = s.truechimers().stream().mapToLong(e -> e.sample().receivedNanoTime()).max().orElse(peer.receivedNanoTime());
        if (measuredAt - roundStart < 0) {
            return false; // only old samples agree: nothing new to vouch for the clock
        }
        long errorBound = peer.rootDistanceNanos() + Math.abs(peer.offsetNanos() - s.offsetNanos());
        SyncRecord r = clock.synced("ntp", peer.server(), peer.stratum(), s.offsetNanos(), s.peer().jitterNanos(), errorBound, measuredAt);
        logSelection("synchronized to " + peer.server() + (s.falsetickers().isEmpty() ? "" : ", ignoring disagreeing " + s.falsetickers()));
        LOG.debug("NTP offset {} µs, error bound {} µs, stratum {}", micros(r.offsetNanos()), micros(errorBound), r.stratum());
        try {
            discipline.afterSync("ntp", s.offsetNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    /**
     * Neither a server nor a daemon vouched for the time: the first reference (GNSS) with a mark
     * newer than the last one used sets the clock. A reference's time is only as good as its error
     * bound (an NMEA time: hundreds of milliseconds), which the samples then carry.
     */
    private void askReferences() throws InterruptedException {
        for (TimeReference ref : references.get()) {
            Optional<TimeReference.TimeMark> latest;
            try {
                latest = ref.latest();
            } catch (RuntimeException e) {
                LOG.warn("time reference {} failed: {}", ref.getClass().getName(), e.toString());
                continue;
            }
            if (latest.isEmpty()) {
                continue;
            }
            TimeReference.TimeMark m = latest.get();
            long now = System.nanoTime();
            long age = now - m.receivedNanoTime();
            if ((markUsed && m.receivedNanoTime() - lastMarkNanos <= 0) || age < 0 || age > holdOverNanos) {
                continue; // nothing new to vouch for the clock
            }
            markUsed = true;
            lastMarkNanos = m.receivedNanoTime();
            // the system clock when the mark arrived, by the monotonic clock since then
            long systemAtMarkNanos = System.currentTimeMillis() * 1_000_000L - age;
            long offset = m.utcMillis() * 1_000_000L - systemAtMarkNanos;
            String kind = ref.kind().isBlank() ? "reference" : ref.kind().strip();
            clock.synced(kind, m.name(), 0, offset, -1, m.errorBoundMillis() * 1_000_000L, m.receivedNanoTime());
            logSelection("no time server answers: synchronized to " + kind + " " + m.name());
            discipline.afterSync(kind, offset);
            return;
        }
    }

    /** @return whether a daemon vouched for the system clock */
    private boolean askDaemons(SystemTimeDaemons d) throws InterruptedException {
        Optional<ChronyTracking> chrony = d.chrony();
        if (chrony.isPresent() && chrony.get().synced()) {
            ChronyTracking t = chrony.get();
            // chrony disciplines the system clock itself: nothing to add; the hold-over counts from its last update
            long ageNanos = Math.max(0, (long) ((epochSeconds() - t.referenceUnixSeconds()) * 1e9));
            clock.synced("chrony", t.name().isEmpty() ? t.referenceId() : t.name(), t.stratum(), 0, (long) (t.rmsOffsetSeconds() * 1e9),
                    t.errorBoundNanos(), System.nanoTime() - ageNanos);
            logSelection("system clock vouched for by chrony (" + (t.name().isEmpty() ? t.referenceId() : t.name()) + ")");
            return true;
        }
        Optional<TimesyncdStatus> timesyncd = d.timesyncd();
        if (timesyncd.isPresent() && timesyncd.get().synced() && timesyncd.get().leap() != 3) {
            TimesyncdStatus t = timesyncd.get();
            clock.synced("timesyncd", t.server(), t.stratum(), 0, t.jitterNanos(), Math.max(0, t.errorBoundNanos()), System.nanoTime());
            logSelection("system clock vouched for by systemd-timesyncd (" + t.server() + ")");
            return true;
        }
        return false;
    }

    private static double epochSeconds() {
        Instant now = Instant.now();
        return now.getEpochSecond() + now.getNano() / 1e9;
    }

    /** Logs a change of verdict once, at INFO. */
    private void logSelection(String verdict) {
        if (!verdict.equals(lastSelection)) {
            lastSelection = verdict;
            LOG.info("gateway clock: {}", verdict);
        }
    }

    /** @return the servers, for the status */
    List<ServerState> servers() {
        return servers;
    }

    private static long micros(long nanos) {
        return nanos / 1000;
    }
}
