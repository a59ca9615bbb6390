package org.mviot.edge.api.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mviot.edge.api.device.Access;
import org.mviot.edge.api.device.Acquisition;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.DeviceStatus;
import org.mviot.edge.api.device.Range;
import org.mviot.edge.api.sample.Quality;

/** The primitive pushes of a listener that only takes readings (a test's, an older core's). */
class DeviceListenerTest {

    private final List<Reading> readings = new ArrayList<>();
    private final DeviceListener onlyReadings = new DeviceListener() {
        @Override
        public void onReading(Reading reading) {
            readings.add(reading);
        }

        @Override
        public void onStatus(DeviceStatus status) {
        }
    };

    private static ChannelSpec channel(String name, ChannelType type) {
        return new ChannelSpec(name, type, "", Access.READ, Acquisition.event(), Range.UNBOUNDED, Map.of(), "");
    }

    @Test
    void aPrimitivePushReachesAListenerThatOnlyTakesReadingsAsTheGoodReadingItStandsFor() {
        onlyReadings.onValue(channel("button", ChannelType.BOOLEAN), true, 1_700_000_000_123L);
        onlyReadings.onValue(channel("pulses", ChannelType.INTEGER), 4_000_000_000L, 1_700_000_000_200L);
        onlyReadings.onValue(channel("rate", ChannelType.DOUBLE), 2.5, 0);
        assertThat(readings).containsExactly(
                new Reading("button", true, Quality.GOOD, 1_700_000_000_123L, ""),
                new Reading("pulses", 4_000_000_000L, Quality.GOOD, 1_700_000_000_200L, ""),
                new Reading("rate", 2.5, Quality.GOOD, 0, ""));
    }
}
