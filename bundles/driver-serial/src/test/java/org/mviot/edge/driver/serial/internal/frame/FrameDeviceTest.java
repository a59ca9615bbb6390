package org.mviot.edge.driver.serial.internal.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mviot.edge.driver.serial.internal.frame.Frames.concat;
import static org.mviot.edge.driver.serial.internal.frame.Frames.corrupt;
import static org.mviot.edge.driver.serial.internal.frame.Frames.frame;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.mviot.edge.api.device.Access;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.device.DeviceStatus;
import org.mviot.edge.api.driver.DeviceListener;
import org.mviot.edge.api.driver.DriverException;
import org.mviot.edge.api.driver.Reading;
import org.mviot.edge.api.sample.Quality;
import org.mviot.edge.api.serial.LineSettings;
import org.mviot.edge.api.serial.SerialLink;
import org.mviot.edge.api.serial.SerialListener;
import org.mviot.edge.api.serial.SerialPort;

/** Finding frames in a byte stream: resynchronisation, bad-frame counting, values and writes, without a port. */
class FrameDeviceTest {

    private final List<Reading> readings = new CopyOnWriteArrayList<>();
    private final FakePort port = new FakePort();

    private FrameDevice open(Map<String, String> connection, List<ChannelSpec> channels) throws DriverException {
        Map<String, String> c = new LinkedHashMap<>(connection);
        c.put("serialPort", "/dev/fake");
        FrameDevice d = new FrameDevice(FrameFormat.of(new DeviceDescriptor("box", "serial", "", c, channels)), port,
                new DeviceListener() {
                    @Override
                    public void onReading(Reading reading) {
                        readings.add(reading);
                    }

                    @Override
                    public void onStatus(DeviceStatus status) {
                    }
                }, Duration.ofSeconds(1));
        d.subscribe(channels);
        return d;
    }

    private List<Object> values(String channel) {
        return readings.stream().filter(r -> r.channel().equals(channel)).map(Reading::value).toList();
    }

    /** Delivers the bytes as the serial reader would, in chunks of the given size. */
    private void feed(byte[] bytes, int chunk) {
        for (int i = 0; i < bytes.length; i += chunk) {
            port.listener.onData(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + chunk)));
        }
    }

    @Test
    void readsEveryChannelOfAFrame() throws Exception {
        FrameDevice d = open(Frames.connection(), Frames.channels());
        feed(frame(7, -125, 4_000_000_000L, 1013.25f, 0b0000_0100), 16);
        assertThat(values("seq")).containsExactly(7L);
        assertThat(values("temperature")).containsExactly(-125.0);
        assertThat(values("counter")).containsExactly(4_000_000_000L);
        assertThat(values("pressure")).containsExactly(1013.25);
        assertThat(values("alarm")).containsExactly(true);
        assertThat(d.frames()).isEqualTo(1);
        assertThat(d.badFrames()).isZero();
    }

    @Test
    void decodesTheExampleFrameOfTheDocumentation() throws Exception {
        FrameDevice d = open(Frames.connection(), Frames.channels());
        byte[] doc = HexFormat.ofDelimiter(" ").parseHex("AA 55 07 83 FF EE 6B 28 00 44 7D 50 00 04 28 CC");
        assertThat(doc).containsExactly(frame(7, -125, 4_000_000_000L, 1013.25f, 4));
        feed(doc, 16);
        assertThat(values("seq")).containsExactly(7L);
        assertThat(values("temperature")).containsExactly(-125.0);
        assertThat(values("counter")).containsExactly(4_000_000_000L);
        assertThat(values("pressure")).containsExactly(1013.25);
        assertThat(values("alarm")).containsExactly(true);
        feed(corrupt(doc), 16);
        assertThat(d.badFrames()).isEqualTo(1);
    }

    @Test
    void findsTheFramesWhateverTheChunksAndCountsEachBadFrameOnce() throws Exception {
        byte[] stream = concat(frame(1, 10, 1, 1f, 0), "junk\r\n".getBytes(), frame(2, 20, 2, 2f, 0), corrupt(frame(3, 30, 3, 3f, 0)),
                frame(4, 40, 4, 4f, 4), new byte[] {(byte) 0xAA, 0x13, 0x55, (byte) 0xAA}, frame(5, 50, 5, 5f, 0),
                corrupt(frame(6, 60, 6, 6f, 0)), corrupt(frame(7, 70, 7, 7f, 0)), frame(8, 80, 8, 8f, 0));
        for (int chunk : new int[] {1, 3, 16, 17, stream.length}) {
            readings.clear();
            FrameDevice d = open(Frames.connection(), Frames.channels());
            feed(stream, chunk);
            assertThat(values("seq")).as("chunk " + chunk).containsExactly(1L, 2L, 4L, 5L, 8L);
            assertThat(values("temperature")).as("chunk " + chunk).containsExactly(10.0, 20.0, 40.0, 50.0, 80.0);
            assertThat(values("alarm")).as("chunk " + chunk).containsExactly(false, false, true, false, false);
            // junk, frame 3, the stray AA 13 55 AA, frames 6 and 7
            assertThat(d.badFrames()).as("chunk " + chunk).isEqualTo(5);
            assertThat(d.frames()).isEqualTo(5);
        }
    }

    @Test
    void findsTheRealFrameInsideAFalseStart() throws Exception {
        FrameDevice d = open(Frames.connection(), Frames.channels());
        byte[] good = frame(9, 1, 2, 3f, 0);
        // a false sync whose 16 bytes would end inside the real frame: its CRC is wrong, so the search goes on
        feed(concat(new byte[] {(byte) 0xAA, 0x55, 1, 2, 3}, good), 4);
        assertThat(values("seq")).containsExactly(9L);
        assertThat(d.badFrames()).isEqualTo(1);
    }

    @Test
    void survivesRandomGarbageAndReadsTheNextFrame() throws Exception {
        FrameDevice d = open(Frames.connection(), Frames.channels());
        byte[] garbage = new byte[100_000];
        new Random(42).nextBytes(garbage);
        feed(concat(garbage, frame(1, 2, 3, 4f, 0)), 997);
        assertThat(values("seq")).containsExactly(1L);
        assertThat(d.badFrames()).isPositive();
    }

    @Test
    void withoutSyncSlidesByOneByteUntilTheChecksumIsRight() throws Exception {
        Map<String, String> c = Map.of("format", "binary", "frameLength", "4", "checksum", "sum8");
        FrameDevice d = open(c, List.of(Frames.channel("v", ChannelType.INTEGER, Access.READ, "offset", "0", "type", "uint16",
                "order", "little")));
        HexFormat h = HexFormat.ofDelimiter(" ");
        // 34 12 00 46 is v = 0x1234; then three garbage bytes; then 01 00 05 06
        feed(h.parseHex("34 12 00 46 FF FE 07 01 00 05 06 02 00 00 02"), 2);
        assertThat(values("v")).containsExactly(0x1234L, 1L, 2L);
        assertThat(d.badFrames()).isEqualTo(1);
    }

    @Test
    void withoutSyncAndChecksumCutsTheStreamIntoFrames() throws Exception {
        FrameDevice d = open(Map.of("format", "binary", "frameLength", "2"),
                List.of(Frames.channel("v", ChannelType.INTEGER, Access.READ, "offset", "0", "type", "int16")));
        feed(HexFormat.of().parseHex("FFFE000100"), 1);
        assertThat(values("v")).containsExactly(-2L, 1L);
        assertThat(d.badFrames()).isZero();
    }

    @Test
    void countsAFrameWithANotANumberAsBadAndStaysInStep() throws Exception {
        FrameDevice d = open(Map.of("format", "binary", "frameLength", "5", "sync", "7E"),
                List.of(Frames.channel("p", ChannelType.DOUBLE, Access.READ, "offset", "1", "type", "float32")));
        feed(HexFormat.of().parseHex("7E7FC00000" + "7E43668000"), 5);
        assertThat(values("p")).containsExactly(230.5);
        assertThat(d.badFrames()).isEqualTo(1);
    }

    @Test
    void pollsTheLastValueAndSaysWhenNoFrameCameYet() throws Exception {
        ChannelSpec seq = Frames.polled("seq", ChannelType.INTEGER, "offset", "2", "type", "uint8");
        FrameDevice d = open(Frames.connection(), List.of(seq));
        d.subscribe(List.of());
        assertThat(d.read(List.of(seq))).singleElement().satisfies(r -> {
            assertThat(r.quality()).isEqualTo(Quality.BAD);
            assertThat(r.error()).isEqualTo("no frame with this channel received yet");
        });
        feed(concat(frame(3, 0, 0, 0f, 0), frame(4, 0, 0, 0f, 0)), 32);
        assertThat(readings).isEmpty();
        assertThat(d.read(List.of(seq))).singleElement().extracting(Reading::value).isEqualTo(4L);
    }

    @Test
    void writesTheCommandBytesAndRefusesAValueThatDoesNotFit() throws Exception {
        List<ChannelSpec> channels = Frames.channels();
        FrameDevice d = open(Frames.connection(), channels);
        ChannelSpec setpoint = channels.get(5);
        d.write(setpoint, -2L);
        assertThat(port.written.toByteArray()).containsExactly(0x02, 0x57, 0xFE, 0xFF, 0x03);
        assertThatThrownBy(() -> d.write(setpoint, 40000L)).isInstanceOf(DriverException.class)
                .hasMessage("device 'box' channel 'setpoint': value 40000 refused: 40000 is outside int16 (-32768..32767)");
        assertThatThrownBy(() -> d.write(channels.get(0), 1L)).isInstanceOf(DriverException.class)
                .hasMessage("device 'box' channel 'seq' has no command to send");
    }

    /** A port without a line: hands the listener to the test and records what is written. */
    private static final class FakePort implements SerialPort, SerialLink {
        SerialListener listener;
        final ByteArrayOutputStream written = new ByteArrayOutputStream();

        @Override
        public String name() {
            return "/dev/fake";
        }

        @Override
        public LineSettings settings() {
            return LineSettings.of(9600);
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public <T> T exchange(Duration wait, Exchange<T> exchange) throws java.io.IOException, InterruptedException {
            return exchange.run(this);
        }

        @Override
        public void listen(SerialListener l) {
            listener = l;
        }

        @Override
        public void close() {
        }

        @Override
        public void write(byte[] data) {
            written.writeBytes(data);
        }

        @Override
        public int read(byte[] buffer, int offset, int length, Duration timeout) {
            return 0;
        }

        @Override
        public void discardInput() {
        }

        @Override
        public long nanosSinceLastTraffic() {
            return Long.MAX_VALUE;
        }
    }
}
