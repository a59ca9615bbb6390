package org.mviot.edge.driver.serial.internal.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mviot.edge.driver.serial.internal.frame.Frames.concat;
import static org.mviot.edge.driver.serial.internal.frame.Frames.frame;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.driver.Reading;
import org.mviot.edge.driver.serial.internal.stream.ListenedPort;

/**
 * Fuzzing of the binary frame finder: any bytes in any chunks never let an exception out of the
 * listener and leave less than one frame buffered; after any garbage, frames are found again by their
 * sync bytes and checksum; mutated frames are counted bad, never read. Tries per property:
 * {@code jqwik.tries.default} in {@code src/test/resources/junit-platform.properties}, more with
 * {@code -Djqwik.tries.default=100000}.
 */
class FrameParserFuzzTest {

    /** The test instrument's frame ({@link Frames}), with and without sync bytes. */
    private enum Kind {
        SYNC_AND_CRC(Frames.connection()),
        CRC_ONLY(without(Frames.connection(), "sync"));

        final Map<String, String> connection;

        Kind(Map<String, String> connection) {
            this.connection = connection;
        }
    }

    private static Map<String, String> without(Map<String, String> m, String key) {
        Map<String, String> c = new LinkedHashMap<>(m);
        c.remove(key);
        return c;
    }

    private static FrameDevice open(Kind kind, ListenedPort port) throws Exception {
        Map<String, String> c = new LinkedHashMap<>(kind.connection);
        c.put("serialPort", "/dev/fuzz");
        List<ChannelSpec> channels = Frames.channels();
        FrameDevice d = new FrameDevice(FrameFormat.of(new DeviceDescriptor("fuzz", "serial", "", c, channels)), port, port, Duration.ofSeconds(1));
        d.subscribe(channels);
        return d;
    }

    /** Random bytes, biased towards the sync bytes so that false frame starts are frequent. */
    @Provide
    Arbitrary<byte[]> noise() {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, Arbitraries.bytes()), net.jqwik.api.Tuple.of(1, Arbitraries.of((byte) 0xAA, (byte) 0x55)))
                .array(byte[].class).ofMaxSize(600);
    }

    private static void deliver(ListenedPort port, byte[] bytes, int chunk) {
        for (int i = 0; i < bytes.length; i += chunk) {
            port.deliver(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + chunk)));
        }
    }

    private static List<Object> seqs(ListenedPort port) {
        return port.readings().stream().filter(r -> r.channel().equals("seq")).map(Reading::value).toList();
    }

    @Property
    void anyBytesInAnyChunksNeverEscapeTheListenerAndLessThanAFrameStaysBuffered(@ForAll Kind kind, @ForAll("noise") byte[] bytes,
                                                                                  @ForAll @IntRange(min = 1, max = 700) int chunk) throws Exception {
        ListenedPort port = new ListenedPort();
        FrameDevice d = open(kind, port);
        deliver(port, bytes, chunk);
        assertThat(d.buffered()).isLessThan(Frames.LENGTH);
    }

    @Property
    void framesAfterAnyGarbageAreFoundAgain(@ForAll("noise") byte[] garbage, @ForAll @IntRange(min = 1, max = 40) int chunk) throws Exception {
        ListenedPort port = new ListenedPort();
        FrameDevice d = open(Kind.SYNC_AND_CRC, port);
        deliver(port, concat(garbage, frame(1, 200, 7, 1.5f, 0), frame(2, 201, 8, 2.5f, 4)), chunk);
        // garbage can hide a false frame start only where a random CRC matches (1 in 65,536): the last frame is always read
        assertThat(seqs(port)).endsWith(2L);
        assertThat(d.buffered()).isZero();
    }

    /**
     * 8,160 cases in all: the normal build samples them; {@code -Djqwik.tries.default=10000} runs every one (jqwik then
     * generates exhaustively), as was done when this was written: all pass.
     */
    @Property
    void aFrameWithAnyOneByteChangedIsNeverReadAsGood(@ForAll Kind kind, @ForAll @IntRange(min = 0, max = Frames.LENGTH - 1) int at,
                                                     @ForAll @IntRange(min = 1, max = 255) int flip) throws Exception {
        ListenedPort port = new ListenedPort();
        FrameDevice d = open(kind, port);
        byte[] bad = frame(1, 200, 7, 1.5f, 0);
        bad[at] ^= (byte) flip;
        port.deliver(bad);
        port.deliver(frame(2, 201, 8, 2.5f, 4));
        // CRC-16 detects every error within one byte; without sync bytes the finder slides onto the good frame
        assertThat(seqs(port)).containsExactly(2L);
        assertThat(d.badFrames()).isPositive();
    }
}
