package org.mviot.edge.core.internal.mapping;

import org.mviot.edge.api.sample.Quality;
import org.mviot.edge.api.time.TimeSource;
import org.mviot.edge.api.twin.PropertyChange;
import org.mviot.edge.core.internal.acquisition.TimeBase;

/**
 * Makes property changes that carry their timestamp's quality (issue 12: every twin update says
 * whether its time is trusted). The gateway clock judges its own timestamps from the timestamp
 * alone, so this costs a few field reads per change; a device's own time has no error bound the
 * gateway knows.
 */
public final class TimeStamping {

    private final TimeBase time;

    /**
     * @param time the clock the timestamps came from
     */
    public TimeStamping(TimeBase time) {
        this.time = time;
    }

    /**
     * @param feature    feature id
     * @param path       property path
     * @param value      value
     * @param timestamp  when it was measured
     * @param quality    the value's quality
     * @param timeSource where the timestamp came from ({@link TimeSource#DEVICE}: the device's own)
     * @return the change with its time quality
     */
    public PropertyChange change(String feature, String path, Object value, long timestamp, Quality quality, TimeSource timeSource) {
        if (timeSource == TimeSource.DEVICE) {
            return new PropertyChange(feature, path, value, timestamp, quality, timeSource, -1, false);
        }
        return new PropertyChange(feature, path, value, timestamp, quality, timeSource, time.uncertaintyMillisAt(timestamp),
                time.beforeFirstSync(timestamp));
    }

    /** @return the clock */
    public TimeBase time() {
        return time;
    }
}
