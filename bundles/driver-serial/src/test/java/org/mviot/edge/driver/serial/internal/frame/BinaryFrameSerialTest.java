package org.mviot.edge.driver.serial.internal.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mviot.edge.driver.serial.internal.frame.Frames.concat;
import static org.mviot.edge.driver.serial.internal.frame.Frames.corrupt;
import static org.mviot.edge.driver.serial.internal.frame.Frames.frame;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.driver.DeviceConnection;
import org.mviot.edge.api.driver.Reading;
import org.mviot.edge.driver.serial.internal.DriverOnPseudoTerminal;
import org.mviot.edge.driver.serial.internal.RecordingListener;
import org.mviot.edge.testsupport.Await;

/**
 * The serial driver with {@code "format": "binary"} through the real jssc port service, reading frames
 * that a writer sends into a socat pseudo-terminal pair between garbage and a corrupted frame.
 */
class BinaryFrameSerialTest {

    @RegisterExtension
    final DriverOnPseudoTerminal line = new DriverOnPseudoTerminal();
    private final RecordingListener listener = new RecordingListener();
    private final List<Reading> readings = listener.readings;

    private DeviceConnection open(List<ChannelSpec> channels) throws Exception {
        Map<String, String> c = new LinkedHashMap<>(Frames.connection());
        c.put("serialPort", line.pty().a().toString());
        c.put("baud", "115200");
        DeviceDescriptor d = new DeviceDescriptor("instrument", "serial", "", c, channels);
        line.driver().validate(d);
        DeviceConnection conn = line.driver().open(d, listener);
        conn.subscribe(channels.stream().filter(s -> s.access().readable()).toList());
        return conn;
    }

    private List<Object> values(String channel) {
        return readings.stream().filter(r -> r.channel().equals(channel)).map(Reading::value).toList();
    }

    @Test
    void readsFramesBetweenGarbageAndCountsTheBadOnes() throws Exception {
        byte[] noise = new byte[3000];
        new Random(7).nextBytes(noise);
        try (DeviceConnection c = open(Frames.channels()); OutputStream writer = new FileOutputStream(line.pty().b().toFile())) {
            writer.write(concat(frame(1, -125, 4_000_000_000L, 1013.25f, 0), "GARBAGE\r\n".getBytes(StandardCharsets.US_ASCII)));
            writer.write(frame(2, 215, 17, 998.5f, 4));
            writer.write(corrupt(frame(3, 0, 0, 0f, 0)));
            writer.write(frame(4, -1, 0, -0.5f, 0));
            writer.flush();
            FrameDevice d = (FrameDevice) c;
            Await.until("3 good frames", () -> d.frames() >= 3);
            assertThat(values("seq")).containsExactly(1L, 2L, 4L);
            assertThat(values("temperature")).containsExactly(-125.0, 215.0, -1.0);
            assertThat(values("counter")).containsExactly(4_000_000_000L, 17L, 0L);
            assertThat(values("pressure")).containsExactly(1013.25, 998.5, -0.5);
            assertThat(values("alarm")).containsExactly(false, true, false);
            assertThat(d.badFrames()).isEqualTo(2); // the garbage line and frame 3

            writer.write(concat(noise, frame(5, 0, 0, 0f, 0)));
            writer.flush();
            Await.until("the frame after the noise", () -> d.frames() >= 4);
            assertThat(values("seq")).containsExactly(1L, 2L, 4L, 5L);
            assertThat(d.badFrames()).isGreaterThan(2);
        }
    }

    @Test
    void sendsTheBytesOfAWritableChannel() throws Exception {
        List<ChannelSpec> channels = Frames.channels();
        try (DeviceConnection c = open(channels); InputStream peer = new FileInputStream(line.pty().b().toFile())) {
            // the peer reads on its own thread so that the test waits with a deadline, never on a blocking read;
            // killing socat in stop() ends that read if the bytes never come
            ExecutorService reader = Executors.newSingleThreadExecutor();
            byte[] buf;
            try {
                Future<byte[]> got = reader.submit(() -> {
                    byte[] b = new byte[5];
                    for (int n = 0, k; n < b.length; n += k) {
                        k = peer.read(b, n, b.length - n); // FileInputStream.readNBytes would seek, which a pty cannot
                        if (k < 0) {
                            throw new java.io.EOFException("pty closed after " + n + " bytes");
                        }
                    }
                    return b;
                });
                c.write(channels.get(5), 300L);
                buf = got.get(10, TimeUnit.SECONDS);
            } finally {
                reader.shutdownNow();
            }
            assertThat(buf).containsExactly(0x02, 0x57, 0x2C, 0x01, 0x03);
        }
    }
}
