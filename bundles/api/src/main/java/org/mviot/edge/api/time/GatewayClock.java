package org.mviot.edge.api.time;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The gateway's clock. A time sync bundle registers it when it keeps the clock synchronized; until
 * one is present the core uses the system clock and marks every sample {@link TimeSource#SYSTEM_CLOCK}.
 * Called on the hot path: implementations do not allocate.
 */
@ProviderType
public interface GatewayClock {

    /**
     * @return the current time, milliseconds since the epoch (UTC)
     */
    long currentTimeMillis();

    /**
     * @return whether {@link #currentTimeMillis()} is synchronized right now ({@link TimeSource#SYNCED}) or only the system clock
     */
    TimeSource source();

    /**
     * @return the estimated error bound of the current time in milliseconds, or -1 when unknown
     */
    long uncertaintyMillis();

    /**
     * The source of a timestamp this clock handed out, judged from the timestamp alone: the form
     * the core uses to stamp samples, since it reads no clock (a few nanoseconds, where
     * {@link #source()} reads the monotonic clock).
     *
     * @param timestampMillis a time from {@link #currentTimeMillis()}
     * @return {@link TimeSource#SYNCED} when the clock was synchronized at that time
     * @since 1.1
     */
    default TimeSource sourceAt(long timestampMillis) {
        return source();
    }

    /**
     * The error bound of a timestamp this clock handed out, judged from the timestamp alone.
     *
     * @param timestampMillis a time from {@link #currentTimeMillis()}
     * @return milliseconds, rounded up; -1 when unknown (taken before any synchronization)
     * @since 1.1
     */
    default long uncertaintyMillisAt(long timestampMillis) {
        return uncertaintyMillis();
    }

    /**
     * Whether a timestamp was taken before the clock's first synchronization since the gateway
     * started: the system clock was then unchecked (a Raspberry Pi has no real-time clock and boots
     * in 1970 or at its last shutdown time), so the timestamp may be far off. The cloud corrects
     * such samples once the gateway twin's {@code clock} feature tells how far the first
     * synchronization stepped the clock.
     *
     * @param timestampMillis a time from {@link #currentTimeMillis()}
     * @return whether it precedes the first synchronization
     * @since 1.1
     */
    default boolean beforeFirstSync(long timestampMillis) {
        return uncertaintyMillisAt(timestampMillis) < 0;
    }
}
