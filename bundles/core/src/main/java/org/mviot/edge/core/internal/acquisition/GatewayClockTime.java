package org.mviot.edge.core.internal.acquisition;

import java.util.concurrent.atomic.AtomicReference;

import org.mviot.edge.api.time.GatewayClock;
import org.mviot.edge.api.time.TimeSource;

/**
 * The core's time base: the gateway clock while a time sync bundle registers one, else the
 * unsynchronized system clock (every timestamp then flagged before the first sync). The clock may
 * come and go at any time; each call reads the current one once.
 */
public final class GatewayClockTime implements TimeBase {

    private final AtomicReference<GatewayClock> clock = new AtomicReference<>();

    /**
     * @param c the clock that appeared
     */
    public void set(GatewayClock c) {
        clock.set(c);
    }

    /**
     * @param c the clock that went away
     * @return whether it was the current one
     */
    public boolean unset(GatewayClock c) {
        return clock.compareAndSet(c, null);
    }

    @Override
    public long now() {
        GatewayClock c = clock.get();
        return c != null ? c.currentTimeMillis() : System.currentTimeMillis();
    }

    @Override
    public TimeSource source() {
        GatewayClock c = clock.get();
        return c != null ? c.source() : TimeSource.SYSTEM_CLOCK;
    }

    @Override
    public TimeSource sourceAt(long timestampMillis) {
        GatewayClock c = clock.get();
        return c != null ? c.sourceAt(timestampMillis) : TimeSource.SYSTEM_CLOCK;
    }

    @Override
    public long uncertaintyMillisAt(long timestampMillis) {
        GatewayClock c = clock.get();
        return c != null ? c.uncertaintyMillisAt(timestampMillis) : -1;
    }

    @Override
    public boolean beforeFirstSync(long timestampMillis) {
        GatewayClock c = clock.get();
        return c == null || c.beforeFirstSync(timestampMillis);
    }
}
