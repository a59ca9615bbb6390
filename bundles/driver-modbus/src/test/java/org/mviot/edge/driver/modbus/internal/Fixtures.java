package org.mviot.edge.driver.modbus.internal;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.mviot.edge.api.device.Access;
import org.mviot.edge.api.device.Acquisition;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.DeviceStatus;
import org.mviot.edge.api.device.Range;
import org.mviot.edge.api.driver.DeviceListener;
import org.mviot.edge.api.driver.Reading;
import org.mviot.edge.testsupport.PeerProcess;

/** Builders for driver tests. */
public final class Fixtures {

    private Fixtures() {
    }

    /**
     * Starts one of this module's Python peers (src/test/resources) with Debian's python3 and its pymodbus.
     *
     * @param script the script's file name
     * @param args   its arguments
     * @return the running peer, ended by its PID on close
     * @throws IOException if it cannot start
     */
    public static PeerProcess peer(String script, String... args) throws IOException {
        return PeerProcess.python(PeerProcess.resource(Fixtures.class, "/" + script), args);
    }

    /**
     * @param connectTimeoutMillis TCP connect timeout
     * @return the driver's settings
     */
    public static ModbusDriver.Config config(int connectTimeoutMillis) {
        return new ModbusDriver.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ModbusDriver.Config.class;
            }

            @Override
            public int connectTimeoutMillis() {
                return connectTimeoutMillis;
            }

            @Override
            public int busWaitMillis() {
                return 5000;
            }
        };
    }

    /**
     * @param name    channel name
     * @param type    channel type
     * @param access  access
     * @param address address keys and values, alternating
     * @return the channel
     */
    public static ChannelSpec channel(String name, ChannelType type, Access access, String... address) {
        Map<String, String> a = new java.util.LinkedHashMap<>();
        for (int i = 0; i < address.length; i += 2) {
            a.put(address[i], address[i + 1]);
        }
        return new ChannelSpec(name, type, "", access, access.readable() ? Acquisition.poll(Duration.ofSeconds(1)) : Acquisition.event(),
                Range.UNBOUNDED, a, "");
    }

    /** Records what a driver reports. */
    public static final class Recorder implements DeviceListener {
        /** Statuses reported, in order. */
        public final List<DeviceStatus> statuses = new CopyOnWriteArrayList<>();
        /** Readings pushed outside {@code read}, in order. */
        public final List<Reading> readings = new CopyOnWriteArrayList<>();

        @Override
        public void onReading(Reading reading) {
            readings.add(reading);
        }

        @Override
        public void onStatus(DeviceStatus status) {
            statuses.add(status);
        }

        /**
         * @return the last status, or {@code null}
         */
        public DeviceStatus last() {
            return statuses.isEmpty() ? null : statuses.get(statuses.size() - 1);
        }
    }
}
