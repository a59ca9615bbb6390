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
}
