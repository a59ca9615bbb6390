package org.mviot.edge.driver.serial.internal.line;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mviot.edge.api.device.Access;
import org.mviot.edge.api.device.Acquisition;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.device.DeviceStatus;
import org.mviot.edge.api.device.Range;
import org.mviot.edge.api.driver.DeviceConnection;
import org.mviot.edge.api.driver.DriverException;
import org.mviot.edge.api.driver.Reading;
import org.mviot.edge.driver.serial.internal.DriverOnPseudoTerminal;
import org.mviot.edge.driver.serial.internal.RecordingListener;
import org.mviot.edge.testsupport.Await;

/** The serial line driver reading lines that a peer writes into a socat pseudo-terminal. */
class SerialLineDriverTest {

    @RegisterExtension
    final DriverOnPseudoTerminal line = new DriverOnPseudoTerminal();
    private final RecordingListener listener = new RecordingListener();
    private final List<Reading> readings = listener.readings;
    private final List<DeviceStatus> statuses = listener.statuses;

    private static ChannelSpec event(String name, ChannelType type, String... address) {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i < address.length; i += 2) {
            a.put(address[i], address[i + 1]);
        }
        return new ChannelSpec(name, type, "", Access.READ, Acquisition.event(), Range.UNBOUNDED, a, "");
    }

    private DeviceConnection open(Map<String, String> connection, ChannelSpec... channels) throws Exception {
        Map<String, String> c = new LinkedHashMap<>(connection);
        c.put("serialPort", line.pty().a().toString());
        DeviceDescriptor d = new DeviceDescriptor("instrument", "serial", "", c, List.of(channels));
        line.driver().validate(d);
        DeviceConnection conn = line.driver().open(d, listener);
        conn.subscribe(List.of(channels));
        return conn;
    }

    private void send(String text) throws Exception {
        try (OutputStream peer = new FileOutputStream(line.pty().b().toFile())) {
            peer.write(text.getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    private void awaitReadings(int n) {
        Await.until(n + " readings", () -> readings.size() >= n);
    }

    @Test
    void readsCsvColumnsAsSamples() throws Exception {
        try (DeviceConnection c = open(Map.of("format", "csv"), event("temp", ChannelType.DOUBLE, "column", "1"),
                event("count", ChannelType.INTEGER, "column", "2"))) {
            send("T1,21.5,7\n");
            awaitReadings(2);
            assertThat(readings).extracting(Reading::channel, Reading::value)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("temp", 21.5), org.assertj.core.groups.Tuple.tuple("count", 7L));
        }
    }

    @Test
    void readsRegexGroupsOfNmeaSentencesWithAGoodChecksumOnly() throws Exception {
        try (DeviceConnection c = open(Map.of("format", "regex", "delimiter", "\\r\\n", "checksum", "nmea",
                        "pattern", "^\\$GPGGA,[^,]*,(?<lat>[0-9.]+),"),
                event("lat", ChannelType.STRING, "group", "lat"))) {
            String body = "GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,";
            int sum = 0;
            for (char ch : body.toCharArray()) {
                sum ^= ch;
            }
            send("$" + body + String.format("*%02X", sum ^ 1) + "\r\n"); // wrong checksum: garbage
            send("$" + body + String.format("*%02X", sum) + "\r\n");
            awaitReadings(1);
            assertThat(readings).singleElement().extracting(Reading::value).isEqualTo("4807.038");
            assertThat(((LineDevice) c).garbage()).isEqualTo(1);
        }
    }

    @Test
    void readsJsonFields() throws Exception {
        try (DeviceConnection c = open(Map.of("format", "json"), event("t", ChannelType.DOUBLE, "field", "sensor.t"),
                event("ok", ChannelType.BOOLEAN, "field", "ok"))) {
            send("{\"sensor\": {\"t\": -3.5}, \"ok\": true}\n");
            awaitReadings(2);
            assertThat(c.read(List.of(event("t", ChannelType.DOUBLE, "field", "sensor.t")))).singleElement()
                    .extracting(Reading::value).isEqualTo(-3.5);
        }
    }

    @Test
    void countsGarbageAndKeepsReading() throws Exception {
        try (DeviceConnection c = open(Map.of("format", "csv", "maxLineLength", "64"), event("v", ChannelType.INTEGER, "column", "0"))) {
            send("\u0000\u00ff\u0013binary junk\n");      // control bytes
            send("not-a-number\n");                        // value does not parse
            send("x".repeat(200) + "\n");                 // no delimiter within 64 bytes
            send("42\n");
            awaitReadings(1);
            assertThat(readings).singleElement().extracting(Reading::value).isEqualTo(42L);
            assertThat(((LineDevice) c).garbage()).isEqualTo(3);
        }
    }

    @Test
    void sendsTheCommandOfAWritableChannel() throws Exception {
        ChannelSpec setpoint = new ChannelSpec("setpoint", ChannelType.INTEGER, "", Access.WRITE, Acquisition.event(), Range.UNBOUNDED,
                Map.of("command", "SET {value}\\r\\n"), "");
        try (DeviceConnection c = open(Map.of("format", "csv"), setpoint);
             java.io.InputStream peer = new java.io.FileInputStream(line.pty().b().toFile())) {
            c.write(setpoint, 12L);
            byte[] buf = new byte[8];
            int n = 0;
            for (int i = 0; i < 8 && n < 8; i++) {
                n += peer.read(buf, n, 8 - n);
            }
            assertThat(new String(buf, 0, n, StandardCharsets.US_ASCII)).isEqualTo("SET 12\r\n");
        }
    }

    @Test
    void reportsAMissingPortNamingDeviceAndField() {
        DeviceDescriptor d = new DeviceDescriptor("gps", "serial", "", Map.of("serialPort", "/dev/ttyNOPE9"),
                List.of(event("lat", ChannelType.STRING, "column", "1")));
        assertThatThrownBy(() -> line.driver().open(d, listener)).isInstanceOf(DriverException.class)
                .hasMessage("device 'gps' connection.serialPort: serial port /dev/ttyNOPE9 does not exist");
    }

    @Test
    void reportsDescriptorMistakesNamingDeviceChannelAndField() {
        DeviceDescriptor d = new DeviceDescriptor("gps", "serial", "", Map.of("format", "regex", "pattern", "(a)"),
                List.of(event("lat", ChannelType.STRING, "group", "2")));
        assertThatThrownBy(() -> line.driver().validate(d)).isInstanceOf(DriverException.class)
                .hasMessage("device 'gps': 2 wrong settings: connection.serialPort: missing; expected the serial port of the device,"
                        + " e.g. /dev/ttyUSB0; channels.lat.address.group: the pattern has no group \"2\"");
    }
}
