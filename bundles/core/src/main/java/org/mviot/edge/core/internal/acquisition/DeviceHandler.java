package org.mviot.edge.core.internal.acquisition;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

import org.mviot.edge.api.device.Acquisition;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.DeviceStatus;
import org.mviot.edge.api.device.DeviceStatus.State;
import org.mviot.edge.api.driver.DeviceConnection;
import org.mviot.edge.api.driver.DeviceListener;
import org.mviot.edge.api.driver.Driver;
import org.mviot.edge.api.driver.DriverException;
import org.mviot.edge.api.driver.Reading;
import org.mviot.edge.api.sample.Quality;
import org.mviot.edge.api.time.TimeSource;
import org.mviot.edge.core.internal.descriptor.DeviceConfig;
import org.mviot.edge.core.internal.descriptor.DriverRules;
import org.mviot.edge.core.internal.log.LogSafe;
import org.mviot.edge.core.internal.mapping.TwinMapper;
import org.mviot.edge.core.internal.pipeline.DevicePipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one device: opens it through its driver (retrying with backoff), polls its due channels in
 * one call per tick, takes its events, flags stale channels, feeds its pipeline, keeps its working
 * status with a reason, and writes commands. All driver calls go through the shared I/O pool with a
 * timeout and never two at once for this device, so a hung device holds at most one I/O thread and
 * delays no other device.
 */
public final class DeviceHandler implements DeviceListener {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceHandler.class);
    /** Between opening and the first answer: a step, told at DEBUG; the outcome (online, or why not) is told at INFO. */
    private static final String WAITING_FOR_ANSWER = "connected, waiting for the first answer";
    private static final int FAILURES_BEFORE_RECONNECT = 5;
    private static final long MAX_BACKOFF_MILLIS = 60_000;
    /** Added to a driver's own longest call for the time on the wire and in the I/O pool. */
    private static final long DEADLINE_MARGIN_MILLIS = 250;
    /** The most a driver's settings can stretch a device's deadline. */
    private static final long MAX_DRIVER_DEADLINE_MILLIS = 60_000;

    /** The start of the reason of a device that does not answer its reads. */
    private static final String NO_ANSWER = "no answer: ";

    /** Timeouts and limits of driver calls. */
    public record Timing(long openMillis, long readMillis, long writeMillis) {
    }

    private final DeviceConfig config;
    private final CoreExecutors executors;
    private final TimeBase time;
    private final Timing timing;
    private final LongAdder samples;
    private final DevicePipeline pipeline;
    private final TwinMapper.DeviceMapping mapping;
    private final PollPlan plan;
    private final Semaphore ioSlot = new Semaphore(1);
    private final long[] lastFresh;
    private final long[] staleAfter;
    private final List<ChannelSpec> eventChannels;

    /** This device's deadlines: the core's settings, or longer when its driver needs it ({@link #driverDeadline}). */
    private volatile long readMillis;
    private volatile long writeMillis;
    /** Whether the device has answered a read since it was opened: until then it is never reported online. */
    private boolean answered;
    private volatile DeviceStatus status;
    private volatile Driver driver;
    private volatile DeviceConnection connection;
    private volatile boolean closed;
    private ScheduledFuture<?> ticker;
    private ScheduledFuture<?> retry;
    private long tick;
    /** Until when no channel can be stale (guarded by this); see {@link #flagStale}. */
    private long staleCheckAt = Long.MIN_VALUE;
    /** When the channels were last checked for staleness. */
    private long staleCheckedAt = Long.MIN_VALUE;
    private long backoffMillis = 1000;
    private int failures;
    private long overruns;
    private long readingFailures;
    private final String readingTask;

    /**
     * @param config    the device
     * @param executors shared threads
     * @param time      timestamps
     * @param timing    call timeouts
     * @param mapper    twin mapping
     * @param samples   counts samples for the gateway twin
     */
    public DeviceHandler(DeviceConfig config, CoreExecutors executors, TimeBase time, Timing timing, TwinMapper mapper,
                         LongAdder samples) {
        this.config = config;
        this.executors = executors;
        this.time = time;
        this.timing = timing;
        this.samples = samples;
        this.readMillis = timing.readMillis();
        this.writeMillis = timing.writeMillis();
        this.readingTask = "reading of device " + config.id();
        this.mapping = mapper.attach(config);
        this.pipeline = new DevicePipeline(config, mapping, mapping::guard);
        this.plan = new PollPlan(config.descriptor().channels());
        List<ChannelSpec> channels = config.descriptor().channels();
        this.lastFresh = new long[channels.size()];
        this.staleAfter = new long[channels.size()];
        for (int i = 0; i < channels.size(); i++) {
            ChannelSpec c = channels.get(i);
            if (!c.access().readable()) {
                staleAfter[i] = 0;
            } else if (c.acquisition() instanceof Acquisition.Poll p) {
                // three missed periods, and never less than one period plus a read timeout
                staleAfter[i] = Math.max(3 * p.period().toMillis(), p.period().toMillis() + timing.readMillis());
            } else if (c.acquisition() instanceof Acquisition.Event e) {
                staleAfter[i] = e.staleAfter().toMillis();
            }
        }
        this.eventChannels = channels.stream()
                .filter(c -> c.access().readable() && c.acquisition() instanceof Acquisition.Event).toList();
        // at start-up, and when a file names a driver being installed, devices come before their driver by
        // milliseconds: the status says it at once, the log only if the driver is still missing after a grace period
        DeviceStatus waiting = DeviceStatus.now(State.OFFLINE, "driver '" + config.descriptor().driver() + "' not installed");
        status = waiting;
        mapping.status(waiting, time.source());
        try {
            executors.scheduler().schedule(() -> {
                if (status == waiting && !closed) {
                    LOG.info("device {} is offline: driver '{}' not installed (still missing {} s after the device was added)", config.id(),
                            config.descriptor().driver(), DRIVER_GRACE_SECONDS);
                }
            }, DRIVER_GRACE_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the core is stopping
        }
    }

    /** How long a device may wait for its driver before the log says it is missing. */
    static final long DRIVER_GRACE_SECONDS = 3;

    /** @return the device */
    public DeviceConfig config() {
        return config;
    }

    /** @return its working status */
    public DeviceStatus status() {
        return status;
    }

    /** @return its pipeline (for the shell's live values) */
    public DevicePipeline pipeline() {
        return pipeline;
    }

    /** @return the twin mapping of this device */
    public TwinMapper.DeviceMapping mapping() {
        return mapping;
    }

    /**
     * The device's driver is there: validate and open the device.
     *
     * @param d the driver
     */
    public synchronized void start(Driver d) {
        if (closed) {
            return;
        }
        driver = d;
        // the driver's rules, told as the core tells its own (a driver installed after the descriptor was read)
        DriverRules.Verdict verdict = DriverRules.verdict(config.origin(), config.descriptor(),
                DriverRules.indexOf(config.descriptor().channels()), d);
        if (!verdict.problems().isEmpty()) {
            verdict.problems().forEach(p -> LOG.error("invalid device descriptor {}", LogSafe.line(p.toString(), 2000)));
            setStatus(State.MISCONFIGURED, verdict.summary()); // the driver's one line naming every wrong setting
            return;
        }
        setStatus(State.OFFLINE, "connecting");
        open();
    }

    private void open() {
        Driver d = driver;
        if (d == null || closed) {
            return;
        }
        executors.call(() -> {
            DeviceConnection c = d.open(config.descriptor(), this);
            if (!eventChannels.isEmpty()) {
                try {
                    c.subscribe(eventChannels);
                } catch (DriverException | RuntimeException e) {
                    c.close();
                    throw e;
                }
            }
            return c;
        }, timing.openMillis()).whenComplete((c, e) -> opened(d, c, e));
    }

    private synchronized void opened(Driver d, DeviceConnection c, Throwable e) {
        if (closed || driver != d) {
            if (c != null) {
                c.close();
            }
            return;
        }
        if (e != null) {
            setStatus(State.OFFLINE, "cannot open: " + describe(e, timing.openMillis()) + "; retrying in " + backoffMillis / 1000 + " s");
            retry = executors.scheduler().schedule(PeriodicTask.guard("reconnect of device " + config.id(), this::retryOpen),
                    backoffMillis, TimeUnit.MILLISECONDS);
            backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
            return;
        }
        connection = c;
        backoffMillis = 1000;
        failures = 0;
        answered = false;
        long now = time.now();
        java.util.Arrays.fill(lastFresh, now);
        if (plan.tickMillis() <= 0) {
            setStatus(State.ONLINE, "connected"); // events only: nothing to ask, the device speaks when it has something
        } else if (status.state() != State.OFFLINE || !status.reason().startsWith(NO_ANSWER)) {
            // a device that was silent before it was reopened keeps that reason until it answers: no flapping status
            setStatus(State.OFFLINE, WAITING_FOR_ANSWER);
        }
        long period = plan.tickMillis() > 0 ? plan.tickMillis() : 1000;
        // guarded: an exception escaping a fixed-rate task would cancel this device's polling for good
        ticker = executors.scheduler().scheduleAtFixedRate(PeriodicTask.guard("poll tick of device " + config.id(), this::tick),
                0, period, TimeUnit.MILLISECONDS);
    }

    private synchronized void retryOpen() {
        if (!closed && connection == null && driver != null) {
            open();
        }
    }

    /** Polls the due channels, lets windows end, flags stale channels. Runs on the scheduler; never calls a driver itself. */
    private void tick() {
        long now = time.now();
        synchronized (this) {
            if (closed || connection == null) {
                return;
            }
            pipeline.tick(now);
            if (now > staleCheckAt || now < staleCheckedAt) { // or the clock went back: fresh times may have shrunk
                staleCheckAt = flagStale(now);
                staleCheckedAt = now;
            }
        }
        List<ChannelSpec> due = plan.tickMillis() > 0 ? plan.due(tick++) : List.of();
        if (due.isEmpty()) {
            return;
        }
        if (!ioSlot.tryAcquire()) {
            overruns++;
            if (overruns % 10 == 1) {
                LOG.debug("device {}: previous call still running, poll skipped ({} so far)", config.id(), overruns);
            }
            return;
        }
        DeviceConnection c = connection;
        executors.call(() -> c.read(due), readMillis).whenComplete((readings, e) -> {
            ioSlot.release();
            // an exception in a completion action would vanish into the derived future: guard it
            PeriodicTask.guard(readingTask, () -> {
                if (readDone(c, readings, e)) {
                    mapping.pollDone(); // outside this device's lock: the uplink may flush on this thread
                }
            }).run();
        });
    }

    /**
     * Flags the channels that got no fresh value within their bound.
     *
     * @param now current time
     * @return the time up to which no channel can turn stale: its fresh times only grow, so the
     *         ticks until then need not look at every channel
     */
    private long flagStale(long now) {
        long earliest = Long.MAX_VALUE;
        for (int i = 0; i < lastFresh.length; i++) {
            if (staleAfter[i] <= 0) {
                continue;
            }
            if (now - lastFresh[i] > staleAfter[i]) {
                pipeline.stale(i, now, time.sourceAt(now));
                lastFresh[i] = now; // flagged once per bound
                LOG.debug("device {} channel {} is stale", config.id(), config.descriptor().channels().get(i).name());
            }
            earliest = Math.min(earliest, lastFresh[i] + staleAfter[i]);
        }
        return earliest;
    }

    /** @return whether the readings went through the pipeline (a batch for the uplink) */
    private synchronized boolean readDone(DeviceConnection c, List<Reading> readings, Throwable e) {
        if (closed || c != connection) {
            return false;
        }
        if (e != null) {
            failures++;
            String why = describe(e, readMillis);
            if (!answered) {
                // never answered since it was opened: offline with the driver's reason, one status however often it fails
                setStatus(State.OFFLINE, NO_ANSWER + why);
            } else if (failures < FAILURES_BEFORE_RECONNECT) {
                setStatus(State.DEGRADED, "read failed: " + why);
            } else {
                setStatus(State.OFFLINE, NO_ANSWER + why);
            }
            if (failures >= FAILURES_BEFORE_RECONNECT) {
                LOG.debug("device {}: no answer to {} reads in a row; reconnecting", config.id(), failures);
                disconnect();
                retry = executors.scheduler().schedule(PeriodicTask.guard("reconnect of device " + config.id(), this::retryOpen),
                    backoffMillis, TimeUnit.MILLISECONDS);
            }
            return false;
        }
        failures = 0;
        answered = true;
        boolean anyBad = false;
        // one clock reading for the whole batch: its readings arrived together
        long now = time.now();
        TimeSource source = time.sourceAt(now);
        for (Reading r : readings) {
            boolean[] bad = {false};
            // one reading that a stage cannot handle must not lose the others of the batch
            PeriodicTask.item(() -> bad[0] = accept(r, now, source), t -> failedReading(r, t));
            anyBad |= bad[0];
        }
        samples.add(readings.size());
        if (status.state() != State.ONLINE && !anyBad) {
            setStatus(State.ONLINE, status.state() == State.DEGRADED ? "reading again" : "reading");
        } else if (anyBad && status.state() != State.DEGRADED) {
            // it answered, so it is reachable (and writable), even if some channels give nothing usable
            setStatus(State.DEGRADED, "some channels cannot be read");
        }
        return true;
    }

    /** @return whether the reading was bad */
    private boolean accept(Reading r) {
        samples.increment();
        long now = time.now();
        return accept(r, now, time.sourceAt(now));
    }

    /** @return whether the reading was bad */
    private boolean accept(Reading r, long now, TimeSource clockSource) {
        int i = pipeline.indexOf(r.channel());
        if (i < 0 || i >= lastFresh.length) {
            LOG.debug("device {}: driver reported unknown channel {}", config.id(), LogSafe.quote(r.channel()));
            return false;
        }
        boolean deviceTime = r.deviceTimestamp() > 0;
        long ts = deviceTime ? r.deviceTimestamp() : now;
        TimeSource src = deviceTime ? TimeSource.DEVICE : clockSource;
        if (r.quality() == Quality.BAD || r.value() == null) {
            if (LOG.isTraceEnabled()) {
                LOG.trace("device {} channel {}: bad reading: {}", config.id(), r.channel(), LogSafe.value(r.error()));
            }
            pipeline.bad(i, ts, src);
            return true;
        }
        lastFresh[i] = now;
        if (LOG.isTraceEnabled()) {
            LOG.trace("device {} channel {} = {}", config.id(), r.channel(),
                    pipeline.channel(i).personal() ? "(personal data, not logged)" : LogSafe.value(r.value()));
        }
        pipeline.value(i, r.value(), ts, r.quality(), src);
        return false;
    }

    /** Logged at the 1st, 2nd, 4th, 8th… failure, so a stage that always fails cannot flood the log. */
    private void failedReading(Reading r, Throwable t) {
        long n = ++readingFailures;
        if (Long.bitCount(n) == 1) {
            LOG.error("device {} channel {}: a reading could not be processed ({} so far): {}", config.id(), LogSafe.quote(r.channel()), n,
                    PeriodicTask.describe(t));
        }
    }

    @Override
    public void onReading(Reading reading) {
        synchronized (this) {
            if (!closed && connection != null) {
                accept(reading);
                mapping.batchDone();
            }
        }
    }

    @Override
    public void onValue(ChannelSpec channel, boolean value, long deviceTimestamp) {
        pushed(channel, Boolean.valueOf(value), deviceTimestamp);
    }

    @Override
    public void onValue(ChannelSpec channel, long value, long deviceTimestamp) {
        pushed(channel, value, deviceTimestamp);
    }

    @Override
    public void onValue(ChannelSpec channel, double value, long deviceTimestamp) {
        pushed(channel, value, deviceTimestamp);
    }

    /** A good value pushed without a {@link Reading} (the driver's allocation-free path): taken as {@link #onReading} takes one. */
    private void pushed(ChannelSpec channel, Object value, long deviceTimestamp) {
        if (took(channel, value, deviceTimestamp)) {
            mapping.pushDone(); // outside this device's lock: the uplink may flush on the driver's thread
        }
    }

    /** @return whether the value went through the pipeline */
    private boolean took(ChannelSpec channel, Object value, long deviceTimestamp) {
        synchronized (this) {
            if (closed || connection == null) {
                return false;
            }
            int i = pipeline.indexOf(channel.name());
            if (i < 0 || i >= lastFresh.length) {
                LOG.debug("device {}: driver pushed unknown channel {}", config.id(), LogSafe.quote(channel.name()));
                return false;
            }
            samples.increment();
            long now = time.now();
            lastFresh[i] = now;
            if (LOG.isTraceEnabled()) {
                LOG.trace("device {} channel {} = {}", config.id(), channel.name(),
                        pipeline.channel(i).personal() ? "(personal data, not logged)" : LogSafe.value(value));
            }
            boolean deviceTime = deviceTimestamp > 0;
            pipeline.value(i, value, deviceTime ? deviceTimestamp : now, Quality.GOOD, deviceTime ? TimeSource.DEVICE : time.sourceAt(now));
            return true;
        }
    }

    /** The core interrupts a read this long after handing it to the I/O pool: the driver's budget. */
    @Override
    public Duration readTimeout() {
        return Duration.ofMillis(readMillis);
    }

    @Override
    public Duration writeTimeout() {
        return Duration.ofMillis(writeMillis);
    }

    /**
     * The driver's longest call, by its own settings: this device's deadlines become at least that plus a margin
     * (a tenth, at least 250 ms, for the time on the wire and the pool), so the driver's reason always arrives first.
     */
    @Override
    public void driverDeadline(Duration longest) {
        if (longest == null || longest.isNegative()) {
            return;
        }
        long driver = Math.min(longest.toMillis(), MAX_DRIVER_DEADLINE_MILLIS);
        long wanted = Math.min(driver + Math.max(DEADLINE_MARGIN_MILLIS, driver / 10), MAX_DRIVER_DEADLINE_MILLIS);
        readMillis = Math.max(timing.readMillis(), wanted);
        writeMillis = Math.max(timing.writeMillis(), wanted);
        LOG.debug("device {}: driver needs up to {} ms a call; deadlines read {} ms, write {} ms", config.id(), longest.toMillis(),
                readMillis, writeMillis);
    }

    @Override
    public void onStatus(DeviceStatus s) {
        synchronized (this) {
            if (!closed) {
                setStatus(s.state(), s.reason());
            }
        }
    }

    /**
     * Writes a device value, then reads the channel back so the new value goes up.
     *
     * @param channel the channel
     * @param value   the device value
     * @return completes when written; exceptionally with {@link TimeoutException} or the driver's error
     */
    public CompletableFuture<Void> write(ChannelSpec channel, Object value) {
        DeviceConnection c = connection;
        if (c == null || closed) {
            return CompletableFuture.failedFuture(new DriverException("device '" + config.id() + "' is "
                    + status.state().name().toLowerCase(Locale.ROOT) + ": " + status.reason()));
        }
        long timeout = writeMillis;
        CompletableFuture<Void> written = executors.call(() -> {
            if (!ioSlot.tryAcquire(timeout, TimeUnit.MILLISECONDS)) {
                throw new TimeoutException("device busy for " + timeout + " ms");
            }
            try {
                c.write(channel, value);
            } finally {
                ioSlot.release();
            }
            return null;
        }, timeout);
        return written.thenRun(() -> readBack(c, channel));
    }

    private void readBack(DeviceConnection c, ChannelSpec channel) {
        if (!channel.access().readable()) {
            return;
        }
        executors.call(() -> {
            ioSlot.acquire();
            try {
                return c.read(List.of(channel));
            } finally {
                ioSlot.release();
            }
        }, readMillis).whenComplete((readings, e) -> {
            synchronized (this) {
                if (e != null || closed || c != connection) {
                    return;
                }
                int i = pipeline.indexOf(channel.name());
                if (i >= 0) {
                    pipeline.channel(i).forceNext();
                }
                readings.forEach(this::accept);
            }
        });
    }

    /** The driver went away: close the connection and wait for it to come back. */
    public synchronized void driverGone() {
        driver = null;
        cancelTimers();
        disconnect();
        setStatus(State.OFFLINE, "driver '" + config.descriptor().driver() + "' not installed");
    }

    /** Stops the device for good (descriptor removed or changed, core stopping). */
    public synchronized void close() {
        closed = true;
        driver = null;
        cancelTimers();
        disconnect();
    }

    private void cancelTimers() {
        if (ticker != null) {
            ticker.cancel(false);
            ticker = null;
        }
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
    }

    private void disconnect() {
        DeviceConnection c = connection;
        connection = null;
        if (ticker != null) {
            ticker.cancel(false);
            ticker = null;
        }
        if (c != null) {
            executors.call(() -> {
                c.close();
                return null;
            }, timing.openMillis()).exceptionally(e -> {
                LOG.warn("device {}: closing the connection failed: {}", config.id(), e.toString());
                return null;
            });
        }
    }

    private void setStatus(State state, String reason) {
        DeviceStatus next = DeviceStatus.now(state, reason);
        if (next.sameAs(status)) {
            return;
        }
        status = next;
        // the reason may carry what a driver or device said: one bounded line. "connecting" is a step, not an
        // event: the outcome (online, or why not) is told at INFO
        if (state == State.OFFLINE && ("connecting".equals(reason) || WAITING_FOR_ANSWER.equals(reason))) {
            LOG.debug("device {} is offline: {}", config.id(), reason);
        } else {
            LOG.info("device {} is {}: {}", config.id(), state.name().toLowerCase(Locale.ROOT), LogSafe.line(reason, 500));
        }
        mapping.status(next, time.sourceAt(next.since().toEpochMilli()));
    }

    private static String describe(Throwable e, long timeoutMillis) {
        Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof TimeoutException) {
            return "timed out after " + timeoutMillis + " ms";
        }
        if (t instanceof DriverException || t instanceof java.util.concurrent.RejectedExecutionException) {
            return t.getMessage();
        }
        return t.toString();
    }

    /** @return a one-line summary for logs and the shell */
    @Override
    public String toString() {
        return config.id() + " (" + config.descriptor().driver() + ", " + status.state().name().toLowerCase(Locale.ROOT) + ": " + status.reason() + ")";
    }

    /** @return the poll tick period, for tests */
    Duration tickPeriod() {
        return Duration.ofMillis(plan.tickMillis());
    }
}
