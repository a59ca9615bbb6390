package org.mviot.edge.driver.serial.internal.line;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.mviot.edge.api.device.Access;
import org.mviot.edge.api.device.Acquisition;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.device.Range;
import org.mviot.edge.api.driver.Reading;
import org.mviot.edge.driver.serial.internal.stream.ListenedPort;

/**
 * Fuzzing of the line parser (cutting bytes into lines, then the CSV, JSON and regex formats): any
 * bytes in any chunks never let an exception out of the listener, the line buffer stays bounded, and
 * a good line after garbage is read. Tries per property: {@code jqwik.tries.default} in
 * {@code src/test/resources/junit-platform.properties}, more with {@code -Djqwik.tries.default=100000}.
 */
class LineParserFuzzTest {

    /** Small, so that overlong lines are frequent. */
    private static final int MAX_LINE = 64;

    /** The device of each format, reading {@code temp} (double) and {@code count} (integer) from a good line. */
    private enum Kind {
        CSV(Map.of("format", "csv"), "T,21.5,42", Map.of("column", "1"), Map.of("column", "2")),
        JSON(Map.of("format", "json"), "{\"t\": 21.5, \"n\": [42]}", Map.of("field", "t"), Map.of("field", "n.0")),
        REGEX(Map.of("format", "regex", "pattern", "t=(?<t>-?[0-9.]+) n=(?<n>[0-9]+)"), "t=21.5 n=42", Map.of("group", "t"),
                Map.of("group", "n")),
        NMEA(Map.of("format", "csv", "checksum", "nmea", "delimiter", "\\r\\n"), nmea("GPXDR,21.5,42"), Map.of("column", "1"),
                Map.of("column", "2"));

        final Map<String, String> connection;
        final String goodLine;
        final Map<String, String> temp;
        final Map<String, String> count;

        Kind(Map<String, String> connection, String goodLine, Map<String, String> temp, Map<String, String> count) {
            this.connection = connection;
            this.goodLine = goodLine;
            this.temp = temp;
            this.count = count;
        }

        String delimiter() {
            return LineFormat.unescape(connection.getOrDefault("delimiter", "\\n"));
        }
    }

    private static String nmea(String body) {
        int sum = 0;
        for (char c : body.toCharArray()) {
            sum ^= c;
        }
        return "$" + body + String.format("*%02X", sum);
    }

    private static LineDevice open(Kind kind, ListenedPort port) throws Exception {
        Map<String, String> c = new LinkedHashMap<>(kind.connection);
        c.put("serialPort", "/dev/fuzz");
        c.put("maxLineLength", Integer.toString(MAX_LINE));
        List<ChannelSpec> channels = List.of(channel("temp", ChannelType.DOUBLE, kind.temp), channel("count", ChannelType.INTEGER, kind.count));
        LineDevice d = new LineDevice(LineFormat.of(new DeviceDescriptor("fuzz", "serial", "", c, channels)), port, port, Duration.ofSeconds(1));
        d.subscribe(channels);
        return d;
    }

    private static ChannelSpec channel(String name, ChannelType type, Map<String, String> address) {
        return new ChannelSpec(name, type, "", Access.READ, Acquisition.event(), Range.UNBOUNDED, address, "");
    }

    /** Random bytes, biased towards the characters the formats care about. */
    @Provide
    Arbitrary<byte[]> noise() {
        Arbitrary<Byte> interesting = Arbitraries.of((byte) '\n', (byte) '\r', (byte) ',', (byte) '{', (byte) '}', (byte) '[', (byte) ']',
                (byte) '"', (byte) '\\', (byte) '$', (byte) '*', (byte) '=', (byte) '0', (byte) '9', (byte) '.', (byte) '-', (byte) 0, (byte) 0xFF);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, Arbitraries.bytes()), net.jqwik.api.Tuple.of(2, interesting))
                .array(byte[].class).ofMaxSize(4 * MAX_LINE);
    }

    private static void deliver(ListenedPort port, byte[] bytes, int chunk) {
        for (int i = 0; i < bytes.length; i += chunk) {
            port.deliver(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + chunk)));
        }
    }

    @Property
    void anyBytesInAnyChunksNeverEscapeTheListenerAndTheLineBufferStaysBounded(@ForAll Kind kind, @ForAll("noise") byte[] bytes,
                                                                               @ForAll @IntRange(min = 1, max = 80) int chunk) throws Exception {
        ListenedPort port = new ListenedPort();
        LineDevice d = open(kind, port);
        for (int i = 0; i < bytes.length; i += chunk) {
            port.deliver(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + chunk)));
            assertThat(d.buffered()).isLessThanOrEqualTo(MAX_LINE + 1);
        }
        assertThat(d.lines() + d.garbage()).as("every cut line is read or counted as garbage").isLessThanOrEqualTo(bytes.length);
    }

    @Property
    void aGoodLineAfterAnyGarbageAndADelimiterIsRead(@ForAll Kind kind, @ForAll("noise") byte[] garbage,
                                                     @ForAll @IntRange(min = 1, max = 80) int chunk) throws Exception {
        ListenedPort port = new ListenedPort();
        LineDevice d = open(kind, port);
        String tail = kind.delimiter() + kind.goodLine + kind.delimiter();
        byte[] stream = Arrays.copyOf(garbage, garbage.length + tail.length());
        System.arraycopy(tail.getBytes(StandardCharsets.ISO_8859_1), 0, stream, garbage.length, tail.length());
        deliver(port, stream, chunk);
        List<Reading> last = port.readings().subList(Math.max(0, port.readings().size() - 2), port.readings().size());
        assertThat(last).extracting(Reading::channel, Reading::value)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("temp", 21.5), org.assertj.core.groups.Tuple.tuple("count", 42L));
        assertThat(d.buffered()).isZero();
    }

    @Property
    void overlongLinesAreCountedAsGarbageAndTheNextLineIsRead(@ForAll Kind kind, @ForAll @IntRange(min = MAX_LINE + 1, max = 20 * MAX_LINE) int length,
                                                               @ForAll @IntRange(min = 1, max = 512) int chunk) throws Exception {
        ListenedPort port = new ListenedPort();
        LineDevice d = open(kind, port);
        byte[] stream = ("x".repeat(length) + kind.delimiter() + kind.goodLine + kind.delimiter()).getBytes(StandardCharsets.ISO_8859_1);
        deliver(port, stream, chunk);
        assertThat(d.garbage()).isEqualTo(1);
        assertThat(d.lines()).isEqualTo(1);
        assertThat(port.readings()).hasSize(2);
    }

    // --- regressions found by fuzzing

    /**
     * Found by reading the parser while writing the fuzz targets: JsonFields recursed once per nesting level with no
     * bound, so a line of 60,000 '[' overflowed the stack of the serial reader thread (the StackOverflowError escaped
     * every catch on the way and ended the shared reader of all ports).
     */
    @Example
    void deeplyNestedJsonIsRefusedByDepthNotByAStackOverflow() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JsonFields.parse("[".repeat(60_000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("JSON nested deeper than 32 levels at 32");
        assertThat(JsonFields.parse("[".repeat(32) + "1" + "]".repeat(32))).containsEntry("0".repeat(1) + ".0".repeat(31), "1");
    }

    @Example
    void deeplyNestedJsonIsAnUnreadableLineAndTheNextLineIsRead() throws Exception {
        ListenedPort port = new ListenedPort();
        Map<String, String> c = new LinkedHashMap<>(Kind.JSON.connection);
        c.put("serialPort", "/dev/fuzz");
        c.put("maxLineLength", "65536");
        List<ChannelSpec> channels = List.of(channel("temp", ChannelType.DOUBLE, Kind.JSON.temp));
        LineDevice d = new LineDevice(LineFormat.of(new DeviceDescriptor("fuzz", "serial", "", c, channels)), port, port, Duration.ofSeconds(1));
        d.subscribe(channels);
        port.deliver(("[".repeat(60_000) + "\n" + "{\"t\": 1.5}\n").getBytes(StandardCharsets.ISO_8859_1));
        assertThat(d.garbage()).isEqualTo(1);
        assertThat(port.readings()).extracting(Reading::value).containsExactly(1.5);
    }

    /**
     * Found by {@link #overlongLinesAreCountedAsGarbageAndTheNextLineIsRead} (NMEA, 194 bytes, chunks of 1): when the
     * discarding of an overlong line cut a two-byte delimiter in half, the delimiter went unseen and the good line after
     * it was discarded too.
     */
    @Example
    void aTwoByteDelimiterSplitByTheDiscardOfAnOverlongLineStillEndsIt() throws Exception {
        ListenedPort port = new ListenedPort();
        LineDevice d = open(Kind.NMEA, port);
        deliver(port, ("x".repeat(2 * (MAX_LINE + 1) + MAX_LINE) + "\r\n" + Kind.NMEA.goodLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1), 1);
        assertThat(d.garbage()).isEqualTo(1);
        assertThat(port.readings()).extracting(Reading::value).containsExactlyInAnyOrder(21.5, 42L);
    }

    @Example
    void aMaxLineLengthBeyondTheBoundIsRefusedNamingTheKey() {
        Map<String, String> c = Map.of("serialPort", "/dev/fuzz", "maxLineLength", "2147483647");
        DeviceDescriptor d = new DeviceDescriptor("fuzz", "serial", "", c, List.of(channel("temp", ChannelType.DOUBLE, Map.of("column", "0"))));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LineFormat.of(d))
                .hasMessage("device 'fuzz': 1 wrong setting: connection.maxLineLength: expected an integer 1..65536, got \"2147483647\"");
    }
}
