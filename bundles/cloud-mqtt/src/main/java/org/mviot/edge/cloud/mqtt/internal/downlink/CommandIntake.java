package org.mviot.edge.cloud.mqtt.internal.downlink;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.mviot.edge.cloud.mqtt.internal.input.ControlCharacters;
import org.mviot.edge.cloud.mqtt.internal.input.InputLimits;
import org.mviot.edge.cloud.mqtt.internal.input.LogQuote;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where commands enter the gateway, on the MQTT client's callback thread: every message is taken
 * at once (so the client acknowledges it and the broker never sends it again), checked against the
 * {@link InputLimits} before any of it is read, and either handed to one worker thread that runs
 * the {@link CommandDownlink}, or answered right away with a Ditto error naming the limit:
 * <ul>
 * <li>413 a payload over {@code command.max.bytes}, or a packet over the Maximum Packet Size
 * (only its head was read);</li>
 * <li>431 correlation data, a response topic or user properties over their limits (the response
 * then carries no correlation data / goes to the gateway's own responses topic);</li>
 * <li>403 a response topic in another gateway's namespace, 400 a malformed one or malformed MQTT
 * properties (those responses go to {@code <prefix>/<gw>/responses});</li>
 * <li>429 when {@code command.max.pending} commands (or {@code command.max.pending.bytes}) are
 * taken and not yet answered: a burst is answered, not queued without bound.</li>
 * </ul>
 * A command the broker sends again (DUP flag) that was already taken is dropped and counted
 * ({@link RecentCommands}): it was answered once. Nothing here throws: a failure is counted and logged.
 *
 * <p>A command is acknowledged when it is taken, before it is carried out: a gateway killed in
 * between loses it (the sender gets no response) rather than carrying it out twice.
 */
public final class CommandIntake implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommandIntake.class);
    /** At most this many refusals are logged per {@link #LOG_WINDOW_NANOS}; the rest are counted in one line. */
    private static final int LOG_BUDGET = 20;
    private static final long LOG_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);

    /**
     * What the intake did with the commands so far.
     *
     * @param taken      handed to the downlink (answered by it)
     * @param refused    answered with a 4xx error at once (too large, malformed, response topic refused)
     * @param overflow   answered 429: too many commands pending
     * @param duplicates dropped: a redelivery of a command already taken
     * @param failed     dropped: handling failed unexpectedly (a bug; logged)
     */
    public record Counts(long taken, long refused, long overflow, long duplicates, long failed) {
    }

    private final CommandDownlink downlink;
    private final InputLimits limits;
    private final String prefix;
    private final String ownResponses;
    private final RecentCommands recent = new RecentCommands();
    private final ExecutorService worker;
    private final AtomicLong taken = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong overflow = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private int pending;
    private long pendingBytes;
    private long logWindowStart = System.nanoTime();
    private int loggedInWindow;
    private long unlogged;

    /**
     * @param downlink     carries out and answers commands
     * @param limits       what a command may carry
     * @param prefix       the topic prefix of every gateway
     * @param ownResponses this gateway's responses topic (also where refusals without a usable response topic go)
     */
    public CommandIntake(CommandDownlink downlink, InputLimits limits, String prefix, String ownResponses) {
        this.downlink = downlink;
        this.limits = limits;
        this.prefix = prefix;
        this.ownResponses = ownResponses;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "mviot-cloud-commands");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Takes one message from the command topics. Never throws, never blocks on the command.
     *
     * @param c the message
     */
    public void accept(InboundCommand c) {
        try {
            take(c);
        } catch (Throwable t) { // NOPMD: whatever happens, the MQTT client's thread goes on and acknowledges
            failed.incrementAndGet();
            LOG.error("command (packet {}) dropped: handling failed unexpectedly: {}", c.packetId(), LogQuote.of(t, 300));
        }
    }

    private void take(InboundCommand c) {
        if (recent.seenBefore(c)) {
            duplicates.incrementAndGet();
            LOG.debug("command (packet {}) sent again by the broker and already taken: dropped", c.packetId());
            return;
        }
        byte[] corr = c.correlationData() == null ? new byte[0] : c.correlationData();
        String replyTo = ownResponses;
        if (corr.length > limits.maxCorrelationBytes()) {
            refuse(ownResponses, new byte[0], 431, "gateway:correlationdata.toolarge", "the correlation data is " + corr.length
                    + " bytes, over the limit of " + limits.maxCorrelationBytes() + " (command.max.correlation.bytes)");
            return;
        }
        if (c.responseTopic() != null && !c.responseTopic().isEmpty()) {
            ResponseTopic.Refusal r = ResponseTopic.check(c.responseTopic(), limits, prefix, ownResponses);
            if (r != null) {
                refuse(ownResponses, corr, r.status(), r.error(), r.message());
                return;
            }
            replyTo = c.responseTopic();
        }
        if (c.problem() != null) {
            boolean tooLarge = c.problem().contains("Maximum Packet Size");
            refuse(replyTo, corr, tooLarge ? 413 : 400, tooLarge ? "gateway:command.toolarge" : "gateway:command.malformed",
                    "the MQTT packet could not be read: " + c.problem());
            return;
        }
        if (c.payload().length > limits.maxCommandBytes()) {
            refuse(replyTo, corr, 413, "gateway:command.toolarge", "the command is " + c.payload().length + " bytes, over the limit of "
                    + limits.maxCommandBytes() + " (command.max.bytes)");
            return;
        }
        String sender = null;
        boolean senderIsOriginator = false;
        if (c.userProperties().size() > limits.maxUserProperties()) {
            refuse(replyTo, corr, 431, "gateway:userproperties.toolarge", "the command has " + c.userProperties().size()
                    + " MQTT user properties, over the limit of " + limits.maxUserProperties() + " (command.max.user.properties)");
            return;
        }
        for (Map.Entry<String, String> u : c.userProperties()) {
            int chars = u.getKey().length() + u.getValue().length();
            if (chars > limits.maxHeaderChars()) {
                refuse(replyTo, corr, 431, "gateway:userproperties.toolarge", "MQTT user property " + LogQuote.of(u.getKey()) + " is "
                        + chars + " chars, over the limit of " + limits.maxHeaderChars() + " (command.max.header.chars)");
                return;
            }
            boolean originator = "ditto-originator".equals(u.getKey());
            if (originator || "sender".equals(u.getKey())) {
                if (ControlCharacters.indexIn(u.getValue()) >= 0) {
                    refuse(replyTo, corr, 400, "gateway:userproperties.invalid", "MQTT user property '" + u.getKey()
                            + "' holds a control character (" + ControlCharacters.describe(u.getValue()) + ")");
                    return;
                }
                // ditto-originator is the name Ditto uses; 'sender' is kept for clients written before it
                if (originator || !senderIsOriginator) {
                    sender = u.getValue();
                    senderIsOriginator = originator;
                }
            }
        }
        if (!reserve(c.payload().length)) {
            overflow.incrementAndGet();
            refuse(replyTo, corr, 429, "gateway:commands.toomany", "the gateway is carrying out " + limits.maxPending()
                    + " commands or " + limits.maxPendingBytes() + " bytes of them already (command.max.pending, command.max.pending.bytes): "
                    + "try again later");
            return;
        }
        taken.incrementAndGet();
        String to = replyTo;
        String from = sender;
        try {
            worker.execute(() -> run(c, to, corr, from));
        } catch (RejectedExecutionException e) {
            // closed: the gateway stops
            release(c.payload().length);
            failed.incrementAndGet();
        }
    }

    private void run(InboundCommand c, String replyTo, byte[] corr, String sender) {
        try {
            downlink.handle(c.payload(), replyTo, corr, sender).whenComplete((v, e) -> release(c.payload().length));
        } catch (Throwable t) { // NOPMD: one command must not end the worker
            release(c.payload().length);
            failed.incrementAndGet();
            LOG.error("command (packet {}) dropped: carrying it out failed unexpectedly: {}", c.packetId(), LogQuote.of(t, 300));
        }
    }

    private synchronized boolean reserve(int bytes) {
        if (pending >= limits.maxPending() || pendingBytes + bytes > limits.maxPendingBytes()) {
            return false;
        }
        pending++;
        pendingBytes += bytes;
        return true;
    }

    private synchronized void release(int bytes) {
        pending--;
        pendingBytes -= bytes;
    }

    private void refuse(String replyTo, byte[] corr, int status, String code, String message) {
        if (status != 429) {
            refused.incrementAndGet();
        }
        logRefusal(status, message);
        downlink.refuse(replyTo, corr, status, code, message);
    }

    /** Refusals are logged, but a flood of them is not: at most {@link #LOG_BUDGET} lines per window, then a count. */
    private void logRefusal(int status, String message) {
        long skipped = -1;
        boolean log;
        synchronized (this) {
            long now = System.nanoTime();
            if (now - logWindowStart > LOG_WINDOW_NANOS) {
                skipped = unlogged;
                unlogged = 0;
                loggedInWindow = 0;
                logWindowStart = now;
            }
            log = loggedInWindow < LOG_BUDGET;
            if (log) {
                loggedInWindow++;
            } else {
                unlogged++;
            }
        }
        if (skipped > 0) {
            LOG.warn("{} more commands were refused in the last {} s without a log line each (see the counts)", skipped,
                    TimeUnit.NANOSECONDS.toSeconds(LOG_WINDOW_NANOS));
        }
        if (log) {
            LOG.info("command refused ({}): {}", status, LogQuote.line(message, DittoRequest.InvalidRequest.MAX_MESSAGE_CHARS));
        }
    }

    /** @return the counts so far */
    public Counts counts() {
        return new Counts(taken.get(), refused.get(), overflow.get(), duplicates.get(), failed.get());
    }

    /** @return commands taken and not yet answered */
    public synchronized int pending() {
        return pending;
    }

    /** Stops the worker; commands not yet carried out are dropped (they were acknowledged). */
    @Override
    public void close() {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(2, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Counts n = counts();
        if (n.refused() + n.overflow() + n.duplicates() + n.failed() > 0) {
            LOG.info("commands: {} taken, {} refused, {} answered 429 (too many pending), {} redeliveries dropped, {} failed", n.taken(),
                    n.refused(), n.overflow(), n.duplicates(), n.failed());
        }
    }
}
