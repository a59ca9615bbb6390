package org.mviot.edge.api.twin;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One feature of the gateway's own twin that another bundle contributes: the clock's sync state,
 * the position fix, the board the GPIO driver found, the security layer's counters. Registered as
 * an OSGi service; the core reads every registered feature with its periodic gateway report, and
 * again every second (the core's {@code gateway.check.ms}), reporting the properties whose values changed (so a lost fix or a
 * refused command shows without waiting for the next report). {@code mviot-edge status} shows the
 * same properties.
 *
 * <p>Implementations answer from memory: {@link #properties()} is called on the core's scheduler
 * and must neither block nor do I/O. The core bounds what it takes (see {@link #MAX_PROPERTIES},
 * {@link #MAX_TEXT}) and ignores a feature whose id is not a valid {@link #ID_PATTERN id} or is
 * one of the core's own features, logging it once.
 */
@ConsumerType
public interface GatewayFeature {

    /** Feature ids: lower-case letters, digits and dashes, starting with a letter, at most 40 chars. */
    String ID_PATTERN = "[a-z][a-z0-9-]{0,39}";

    /** Properties taken from one feature per report; further ones are left out (and logged once). */
    int MAX_PROPERTIES = 64;

    /** Text values are cut to this many characters. */
    int MAX_TEXT = 256;

    /**
     * @return the feature's id in the gateway twin, e.g. {@code clock}, {@code position},
     *         {@code gpio}, {@code security}; constant for the service's life
     */
    String featureId();

    /**
     * @return the feature's current properties, by name (names as {@link #ID_PATTERN} but dots
     *         allowed, e.g. {@code offset.ms}); values are {@link String}, {@link Boolean},
     *         {@link Long}, {@link Integer} or {@link Double}; others are reported as their
     *         {@code toString()}. An absent property is simply left out (for example the position
     *         of a lost fix), never reported as a stale value.
     */
    Map<String, Object> properties();
}
