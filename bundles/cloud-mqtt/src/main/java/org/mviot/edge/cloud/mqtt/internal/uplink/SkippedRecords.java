package org.mviot.edge.cloud.mqtt.internal.uplink;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queue records the uplink could not turn into a message (undecodable bytes, or a message that
 * cannot be made from what they decode to): skipped so that delivery goes on behind them (issue
 * 17, item 4), counted for the gateway twin, and logged at most once per {@value #LOG_SECONDS} s
 * (a damaged queue must not flood the log).
 */
final class SkippedRecords {

    private static final Logger LOG = LoggerFactory.getLogger(SkippedRecords.class);
    static final long LOG_SECONDS = 10;

    private final LongSupplier nanoClock;
    private long count;
    private long lastLogAt;
    private boolean logged;
    private String lastReason = "";

    SkippedRecords(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /**
     * @param offset the record's offset
     * @param reason why it is skipped (no content of the record)
     * @return whether a log line was written for it
     */
    synchronized boolean skipped(long offset, String reason) {
        count++;
        lastReason = "record " + offset + ": " + reason;
        long now = nanoClock.getAsLong();
        if (logged && now - lastLogAt < TimeUnit.SECONDS.toNanos(LOG_SECONDS)) {
            return false;
        }
        LOG.error("queue record {} cannot be sent and is skipped ({}); {} skipped so far, delivery goes on", offset, reason, count);
        logged = true;
        lastLogAt = now;
        return true;
    }

    /** @return records skipped since the start */
    synchronized long count() {
        return count;
    }

    /** @return the last reason, or empty */
    synchronized String lastReason() {
        return lastReason;
    }
}
