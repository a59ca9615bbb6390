package org.mviot.edge.driver.serial.internal.line;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mviot.edge.api.device.Access;
import org.mviot.edge.api.device.Acquisition;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.device.Range;
import org.mviot.edge.api.driver.DriverException;
import org.mviot.edge.api.driver.SettingProblem;
import org.mviot.edge.api.serial.LineSettings;

/** A text-line device's settings, read with the api's DriverSettings. */
class LineFormatTest {

    private static ChannelSpec channel(String name, Map<String, String> address) {
        return new ChannelSpec(name, ChannelType.DOUBLE, "", Access.READ, Acquisition.event(), Range.UNBOUNDED, address, "");
    }

    private static DeviceDescriptor device(Map<String, String> connection, ChannelSpec... channels) {
        return new DeviceDescriptor("scale", "serial", "", connection, List.of(channels));
    }

    @Test
    void readsTheLineSettingsInAnyCase() throws DriverException {
        LineFormat f = LineFormat.of(device(Map.of("serialPort", "/dev/ttyUSB0", "baud", "19200", "parity", "Even", "stopBits", "2",
                "flowControl", "rts-cts"), channel("w", Map.of("column", "1"))));
        assertThat(f.line()).isEqualTo(new LineSettings(19200, 8, LineSettings.Parity.EVEN, LineSettings.StopBits.TWO,
                LineSettings.FlowControl.RTS_CTS));
        assertThat(f.format()).isEqualTo(LineFormat.Format.CSV);
        assertThat(f.channels()).singleElement().extracting(LineFormat.Field::column).isEqualTo(1);
    }

    @Test
    void refusesATypingMistakeInsteadOfIgnoringIt() {
        assertThatThrownBy(() -> LineFormat.of(device(Map.of("serialPort", "/dev/ttyUSB0", "boud", "19200"),
                channel("w", Map.of("colum", "1")))))
                .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.problems()).extracting(SettingProblem::path)
                        .containsExactly("connection.boud", "channels.w.address.colum", "channels.w.address.column"));
    }

    @Test
    void reportsEveryWrongSettingAtItsKeyPathAtOnce() {
        assertThatThrownBy(() -> LineFormat.of(device(Map.of("serialPort", "/dev/ttyUSB0", "baud", "fast", "parity", "x",
                        "stopBits", "3", "format", "xml", "checksum", "crc", "maxLineLength", "0"),
                channel("w", Map.of("column", "-1")))))
                .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.problems()).extracting(SettingProblem::toString).containsExactly(
                        "connection.baud: expected an integer 50..4000000, got \"fast\"",
                        "connection.parity: expected one of none, even, odd, mark, space, got \"x\"",
                        "connection.stopBits: expected one of 1, 1.5, 2, got \"3\"",
                        "connection.format: expected one of csv, regex, json, binary, got \"xml\"",
                        "connection.checksum: expected one of none, nmea, got \"crc\"",
                        "connection.maxLineLength: expected an integer 1..65536, got \"0\"",
                        "channels.w.address.column: expected an integer 0..65536, got \"-1\""));
    }

    @Test
    void keepsTheWhitespaceOfDelimiterSeparatorAndCommandAsWritten() throws DriverException {
        ChannelSpec setpoint = new ChannelSpec("sp", ChannelType.INTEGER, "", Access.WRITE, Acquisition.event(), Range.UNBOUNDED,
                Map.of("command", "SET {value}\n"), "");
        LineFormat f = LineFormat.of(device(Map.of("serialPort", "/dev/ttyUSB0", "delimiter", "\r\n", "separator", "\t"),
                channel("w", Map.of("column", "1")), setpoint));
        assertThat(f.delimiter()).isEqualTo("\r\n");
        assertThat(f.separator()).isEqualTo("\t");
        assertThat(LineFormat.command(f.channels().get(1), 7L)).isEqualTo("SET 7\n");
    }
}
