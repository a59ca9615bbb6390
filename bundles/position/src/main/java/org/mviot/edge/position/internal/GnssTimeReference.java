package org.mviot.edge.position.internal;

import java.util.Optional;

import org.mviot.edge.api.time.TimeReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The GNSS receiver's UTC as a {@link TimeReference} for the gateway clock, which uses it when no
 * time server answers (issue 12). Only a current fix with a full date from the receiver counts.
 * Without PPS, an NMEA sentence leaves the receiver some hundred milliseconds after the second it
 * names (and gpsd adds its own latency): the error bound says {@value #NMEA_ERROR_BOUND_MS} ms.
 */
@Component(service = TimeReference.class)
public final class GnssTimeReference implements TimeReference {

    /** Error bound of a GNSS time read from NMEA or gpsd without PPS, milliseconds. */
    static final long NMEA_ERROR_BOUND_MS = 500;

    private final PositionComponent position;

    /**
     * @param position the position component and its GNSS sources
     */
    @Activate
    public GnssTimeReference(@Reference PositionComponent position) {
        this.position = position;
    }

    @Override
    public String kind() {
        return "gnss";
    }

    @Override
    public Optional<TimeMark> latest() {
        return position.gnssTime().map(t -> new TimeMark(t.utcMillis(), t.receivedNanoTime(), NMEA_ERROR_BOUND_MS, t.source()));
    }
}
