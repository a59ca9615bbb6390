package org.mviot.edge.api.twin;

import java.util.Objects;

import org.mviot.edge.api.sample.Quality;
import org.mviot.edge.api.time.TimeSource;

/**
 * One changed property of a twin: the reported value of {@code /features/<feature>/properties/<path>}.
 *
 * @param feature    feature id
 * @param path       property path within the feature, '/'-separated ({@code value}, {@code alarm/high})
 * @param value      {@link Boolean}, {@link Long}, {@link Double} or {@link String}; {@code null} when the value is unknown (quality BAD)
 * @param timestamp  when the value was measured, milliseconds since the epoch
 * @param quality    the value's quality
 * @param timeSource where the timestamp came from
 */
public record PropertyChange(String feature, String path, Object value, long timestamp, Quality quality, TimeSource timeSource) {

    /**
     * Checks the fields.
     *
     * @param feature    feature
     * @param path       path
     * @param value      value
     * @param timestamp  time
     * @param quality    quality
     * @param timeSource time source
     */
    public PropertyChange {
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(quality, "quality");
        Objects.requireNonNull(timeSource, "timeSource");
    }

    /**
     * @return {@code /features/<feature>/properties/<path>}
     */
    public String pointer() {
        return "/features/" + feature + "/properties/" + path;
    }
}
