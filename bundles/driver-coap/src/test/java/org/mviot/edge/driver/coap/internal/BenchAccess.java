package org.mviot.edge.driver.coap.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.californium.core.coap.Response;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.driver.DeviceConnection;
import org.mviot.edge.api.driver.Reading;

/** The package-private parts the benchmark drives (bench.CoapBenchmark). */
public final class BenchAccess implements AutoCloseable {

    private final CoapDriver driver;

    public BenchAccess(Path conf) throws Exception {
        driver = new CoapDriver(conf);
    }

    public static DeviceDescriptor device(String uri, String channel, ChannelType type, String path) {
        return Devices.device("bench", Devices.map("uri", uri), Devices.polled(channel, type, "path", path));
    }

    public DeviceConnection open(DeviceDescriptor d) throws Exception {
        return driver.open(d, new RecordingListener() {
            @Override
            public void onReading(Reading reading) {
                // the benchmark counts nothing here
            }
        });
    }

    /** Decoding of one notification into readings of four SenML channels, as Observation does it. */
    public static Runnable notificationHandler(Response notification, long[] sink) {
        List<ChannelAddress> channels = new ArrayList<>();
        DeviceDescriptor d = Devices.device("bench", Devices.map("uri", "coap://127.0.0.1"),
                senml("t", ChannelType.DOUBLE), senml("h", ChannelType.DOUBLE), senml("p", ChannelType.DOUBLE), senml("door", ChannelType.BOOLEAN));
        org.mviot.edge.api.driver.DriverSettings s = org.mviot.edge.api.driver.DriverSettings.of(d);
        for (ChannelSpec c : d.channels()) {
            channels.add(ChannelAddress.read(s, c, false));
        }
        MalformedPayloads malformed = new MalformedPayloads("bench");
        return () -> sink[0] += ResponseReadings.of("/s", channels, notification, malformed).size();
    }

    private static ChannelSpec senml(String name, ChannelType type) {
        return Devices.observed(name, type, "path", "/s", "format", "senml", "name", "urn:dev:1:" + name);
    }

    @Override
    public void close() {
        driver.deactivate();
    }
}
