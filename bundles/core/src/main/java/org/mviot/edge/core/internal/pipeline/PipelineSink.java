package org.mviot.edge.core.internal.pipeline;

import org.mviot.edge.api.sample.Quality;
import org.mviot.edge.api.time.TimeSource;

/** Where the values that survive a device's pipeline go: the twin mapper. */
public interface PipelineSink {

    /**
     * A value to report.
     *
     * @param channel    the channel it belongs to
     * @param property   {@code null} for the channel's own value, else an extra property a stage emitted ({@code mean}, {@code alarm})
     * @param value      the value, {@code null} when unknown
     * @param timestamp  its time
     * @param quality    its quality
     * @param timeSource where its time came from
     */
    void report(ChannelPipeline channel, String property, Object value, long timestamp, Quality quality, TimeSource timeSource);
}
