package org.mviot.edge.api.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.mviot.edge.api.device.Acquisition;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.serial.LineSettings;

class DriverSettingsTest {

    private static DeviceDescriptor device(Map<String, String> connection, Map<String, String> address) {
        return new DeviceDescriptor("plc-1", "test", "", connection,
                List.of(ChannelSpec.readOnly("speed", ChannelType.DOUBLE, "", Acquisition.event(), address)));
    }

    @Test
    void typedValuesAreReadAndDefaultsFillTheRest() throws DriverException {
        DeviceDescriptor d = device(Map.of("host", "10.0.0.7", "port", "1502", "timeout", "1.5s", "merge", "FALSE", "parity", "even"),
                Map.of("register", "40001", "scale", "0.1"));
        DriverSettings s = DriverSettings.of(d);
        DriverSettings.Section c = s.connection();
        assertThat(c.host("host")).isEqualTo("10.0.0.7");
        assertThat(c.port("port", 502)).isEqualTo(1502);
        assertThat(c.duration("timeout", Duration.ofSeconds(1), Duration.ofMillis(1), Duration.ofMinutes(1))).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.flag("merge", true)).isFalse();
        assertThat(c.choice("parity", LineSettings.Parity.class, LineSettings.Parity.NONE)).isEqualTo(LineSettings.Parity.EVEN);
        assertThat(c.integer("retries", 2, 0, 10)).isEqualTo(2);
        DriverSettings.Section a = s.address(d.channels().get(0));
        assertThat(a.path()).isEqualTo("channels.speed.address");
        assertThat(a.longInteger("register", 0, 0, 65535)).isEqualTo(40001);
        assertThat(a.number("scale", 1, 0, 10)).isEqualTo(0.1);
        s.check();
        assertThat(s.problems()).isEmpty();
    }

    @Test
    void everyWrongSettingIsReportedAtItsKeyPathInOneException() {
        DeviceDescriptor d = device(Map.of("port", "abc", "timeout", "soon", "merge", "yes", "hots", "x"),
                Map.of("period", "2d", "signal", "cosine"));
        DriverSettings s = DriverSettings.of(d);
        DriverSettings.Section c = s.connection();
        c.onlyKeys("host", "port", "timeout", "merge");
        c.host("host");
        c.port("port", 502);
        c.duration("timeout", Duration.ofSeconds(1), Duration.ofMillis(1), Duration.ofMinutes(1));
        c.flag("merge", true);
        DriverSettings.Section a = s.address(d.channels().get(0));
        a.duration("period", Duration.ofSeconds(1), Duration.ofMillis(1), Duration.ofHours(1));
        a.choice("signal", "sine", "sine", "ramp");

        assertThat(s.problems()).extracting(SettingProblem::toString).containsExactly(
                "connection.hots: unknown key (expected one of [host, merge, port, timeout])",
                "connection.host: missing; expected a host name or IP address",
                "connection.port: expected an integer 1..65535, got \"abc\"",
                "connection.timeout: expected a duration like 250ms, 1.5s, 2m or 1h (a bare number is milliseconds), got \"soon\"",
                "connection.merge: expected true or false, got \"yes\"",
                "channels.speed.address.period: expected a duration like 250ms, 1.5s, 2m or 1h (a bare number is milliseconds), got \"2d\"",
                "channels.speed.address.signal: expected one of sine, ramp, got \"cosine\"");
        assertThatThrownBy(s::check).isInstanceOfSatisfying(DriverException.class, e -> {
            assertThat(e.problems()).hasSize(7);
            assertThat(e.problems().get(2).path()).isEqualTo("connection.port");
            assertThat(e.getMessage()).startsWith("device 'plc-1': 7 wrong settings: connection.hots: unknown key");
        });
    }

    @Test
    void aValueOutOfItsRangeIsReportedWithTheRange() {
        DriverSettings s = new DriverSettings("plc-1", Map.of("unit", "300", "timeout", "2m", "gain", "NaN"));
        DriverSettings.Section c = s.connection();
        assertThat(c.integer("unit", 1, 0, 247)).isEqualTo(1);
        c.duration("timeout", Duration.ofSeconds(1), Duration.ofMillis(1), Duration.ofSeconds(60));
        c.number("gain", 1, -Double.MAX_VALUE, Double.MAX_VALUE);
        assertThat(s.problems()).extracting(SettingProblem::toString).containsExactly(
                "connection.unit: expected an integer 0..247, got \"300\"",
                "connection.timeout: expected a duration from 1ms to 1m, got \"2m\"",
                "connection.gain: expected a number, got \"NaN\"");
    }

    @Test
    void aHostileValueIsQuotedShortAndEscapedInTheMessage() {
        DriverSettings s = new DriverSettings("plc-1", Map.of("port", "1\n2\u001b[31m" + "x".repeat(100)));
        s.connection().port("port", 502);
        String message = s.problems().get(0).message();
        assertThat(message).doesNotContain("\n").doesNotContain("\u001b").contains("\\u000a").endsWith("…\"");
        assertThat(message.length()).isLessThan(120);
    }

    @Property
    void anySettingValueGivesAValueOrAProblemNeverAnException(@ForAll String value) {
        DriverSettings s = new DriverSettings("d", Map.of("k", value));
        DriverSettings.Section c = s.connection();
        c.integer("k", 0, 0, 10);
        c.number("k", 0, 0, 10);
        c.flag("k", false);
        c.duration("k", Duration.ZERO, Duration.ZERO, Duration.ofHours(1));
        c.host("k");
        c.choice("k", LineSettings.Parity.class, LineSettings.Parity.NONE);
        assertThat(s.problems()).allSatisfy(p -> assertThat(p.message()).doesNotContain("\n").hasSizeLessThan(200));
    }
}
