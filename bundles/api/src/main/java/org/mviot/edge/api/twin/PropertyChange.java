package org.mviot.edge.api.twin;

import java.util.Objects;

import org.mviot.edge.api.sample.Quality;
import org.mviot.edge.api.time.TimeSource;

/**
 * One changed property of a twin: the reported value of {@code /features/<feature>/properties/<path>}.
 * Besides the value's quality it carries its timestamp's quality (1.1), so the cloud can tell a
 * trusted timestamp from a guessed one: where the time came from, its error bound, and whether it
 * was taken before the gateway clock's first synchronization since start.
 *
 * @param feature           feature id
 * @param path              property path within the feature, '/'-separated ({@code value}, {@code alarm/high})
 * @param value             {@link Boolean}, {@link Long}, {@link Double} or {@link String}; {@code null} when the value is unknown (quality BAD)
 * @param timestamp         when the value was measured, milliseconds since the epoch
 * @param quality           the value's quality
 * @param timeSource        where the timestamp came from
 * @param uncertaintyMillis the timestamp's error bound in milliseconds, -1 when unknown (a device's own time, or the gateway
 *                          clock before any synchronization)
 * @param beforeFirstSync   whether the gateway stamped it before its clock's first synchronization since start: the system
 *                          clock was unchecked then and may be far off
 */
public record PropertyChange(String feature, String path, Object value, long timestamp, Quality quality, TimeSource timeSource,
                             long uncertaintyMillis, boolean beforeFirstSync) {

    /**
     * Checks the fields.
     *
     * @param feature           feature
     * @param path              path
     * @param value             value
     * @param timestamp         time
     * @param quality           quality
     * @param timeSource        time source
     * @param uncertaintyMillis error bound of the time, -1 when unknown
     * @param beforeFirstSync   stamped before the clock's first synchronization
     * @since 1.1
     */
    public PropertyChange {
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(quality, "quality");
        Objects.requireNonNull(timeSource, "timeSource");
        if (uncertaintyMillis < -1) {
            throw new IllegalArgumentException("uncertainty is -1 (unknown) or more, was " + uncertaintyMillis);
        }
    }

    /**
     * A change whose timestamp's error bound is unknown and not known to precede the first
     * synchronization (the 1.0 form).
     *
     * @param feature    feature
     * @param path       path
     * @param value      value
     * @param timestamp  time
     * @param quality    quality
     * @param timeSource time source
     */
    public PropertyChange(String feature, String path, Object value, long timestamp, Quality quality, TimeSource timeSource) {
        this(feature, path, value, timestamp, quality, timeSource, -1, false);
    }

    /**
     * @return {@code /features/<feature>/properties/<path>}
     */
    public String pointer() {
        return "/features/" + feature + "/properties/" + path;
    }
}
