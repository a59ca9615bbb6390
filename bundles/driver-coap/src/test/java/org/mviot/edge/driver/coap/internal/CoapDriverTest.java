package org.mviot.edge.driver.coap.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mviot.edge.driver.coap.internal.Devices.device;
import static org.mviot.edge.driver.coap.internal.Devices.map;
import static org.mviot.edge.driver.coap.internal.Devices.observed;
import static org.mviot.edge.driver.coap.internal.Devices.polled;
import static org.mviot.edge.driver.coap.internal.Devices.writable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.driver.DeviceConnection;
import org.mviot.edge.api.driver.DriverException;
import org.mviot.edge.api.driver.Reading;
import org.mviot.edge.testsupport.Await;
import org.mviot.edge.testsupport.FreePorts;

/** The driver against Debian's libcoap server, over UDP and DTLS. */
class CoapDriverTest {

    @RegisterExtension
    final DriverAndServer coap = new DriverAndServer();

    @Test
    void aGetOfTimeReadsTheServersClockAsSecondsAndAsText() throws Exception {
        DeviceDescriptor d = device("clock", map("uri", coap.server().uri()),
                polled("ticks", ChannelType.INTEGER, "path", "/time?ticks"),
                polled("text", ChannelType.STRING, "path", "/time"));
        try (DeviceConnection c = coap.driver().open(d, new RecordingListener())) {
            List<Reading> r = c.read(d.channels());
            assertThat(r).extracting(Reading::error).containsOnly("");
            long ticks = (Long) r.stream().filter(x -> x.channel().equals("ticks")).findFirst().orElseThrow().value();
            // the server's clock is this machine's: its seconds are today's, give or take a day
            assertThat(ticks).isBetween(System.currentTimeMillis() / 1000 - 86_400, System.currentTimeMillis() / 1000 + 86_400);
            assertThat((String) r.stream().filter(x -> x.channel().equals("text")).findFirst().orElseThrow().value())
                    .matches("[A-Z][a-z]{2} \\d{2} \\d{2}:\\d{2}:\\d{2}");
        }
    }

    @Test
    void observeOfTimeDeliversEachNotificationAsAReading() throws Exception {
        DeviceDescriptor d = device("clock", map("uri", coap.server().uri()), observed("ticks", ChannelType.INTEGER, "path", "/time?ticks"));
        RecordingListener l = new RecordingListener();
        try (DeviceConnection c = coap.driver().open(d, l)) {
            c.subscribe(d.channels());
            Await.until("three notifications of /time", () -> l.good("ticks").stream().map(Reading::value).distinct().count() >= 3, l::toString);
            assertThat(l.failed("ticks")).isEmpty();
        }
    }

    @Test
    void observeKeepsGoingWhileAnotherResourceOfTheSameServerIsPolled() throws Exception {
        DeviceDescriptor d = device("clock", map("uri", coap.server().uri()), observed("ticks", ChannelType.INTEGER, "path", "/time?ticks"),
                polled("text", ChannelType.STRING, "path", "/time?ticks"));
        RecordingListener l = new RecordingListener();
        try (CoapDevice c = (CoapDevice) coap.driver().open(d, l)) {
            c.subscribe(d.channels().subList(0, 1));
            for (int i = 0; i < 6; i++) {
                int seen = l.good("ticks").size();
                assertThat(c.read(d.channels().subList(1, 2))).extracting(Reading::error).containsExactly("");
                Await.until("a notification after poll " + i, () -> l.good("ticks").size() > seen, l::toString);
            }
            assertThat(l.failed("ticks")).isEmpty();
            assertThat(c.observeRegistrations()).isEqualTo(1);
        }
    }

    @Test
    void aPutToExampleDataIsReadBack() throws Exception {
        DeviceDescriptor d = device("data", map("uri", coap.server().uri()), writable("level", ChannelType.DOUBLE, "path", "/example_data"));
        try (DeviceConnection c = coap.driver().open(d, new RecordingListener())) {
            c.write(d.channels().get(0), 42.5);
            assertThat(c.read(d.channels())).extracting(Reading::value).containsExactly(42.5);
            c.write(d.channels().get(0), -0.125);
            assertThat(c.read(d.channels())).extracting(Reading::value).containsExactly(-0.125);
        }
    }

    @Test
    void observeIsRegisteredAgainWhenTheServerIsKilledAndRestarted() throws Exception {
        DeviceDescriptor d = device("clock", map("uri", coap.server().uri()), observed("ticks", ChannelType.INTEGER, "path", "/time?ticks"));
        RecordingListener l = new RecordingListener();
        try (CoapDevice c = (CoapDevice) coap.driver().open(d, l)) {
            c.subscribe(d.channels());
            Await.until("a first notification", () -> !l.good("ticks").isEmpty());
            coap.server().stop();
            Await.until("the observation reported lapsed", () -> l.failed("ticks").stream().anyMatch(r -> r.error().contains("lapsed")), l::toString);
            int before = l.good("ticks").size();
            coap.server().restart();
            Await.until("notifications from the restarted server", () -> l.good("ticks").size() >= before + 2, l::toString);
            assertThat(c.observeRegistrations()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void aPayloadThatIsNotANumberIsCountedAndReportedOnTheChannel() throws Exception {
        DeviceDescriptor d = device("clock", map("uri", coap.server().uri()), polled("ticks", ChannelType.INTEGER, "path", "/time"));
        try (CoapDevice c = (CoapDevice) coap.driver().open(d, new RecordingListener())) {
            Reading r = c.read(d.channels()).get(0);
            assertThat(r.value()).isNull();
            assertThat(r.error()).contains("malformed payload from /time (1 so far").contains("expected a number");
            c.read(d.channels());
            assertThat(c.malformedPayloads()).isEqualTo(2);
        }
    }

    @Test
    void aMissingResourceFailsItsChannelWithTheResponseCode() throws Exception {
        DeviceDescriptor d = device("clock", map("uri", coap.server().uri()),
                polled("nothing", ChannelType.INTEGER, "path", "/no/such/resource"),
                polled("ticks", ChannelType.INTEGER, "path", "/time?ticks"));
        try (DeviceConnection c = coap.driver().open(d, new RecordingListener())) {
            List<Reading> r = c.read(d.channels());
            assertThat(r).filteredOn(x -> x.channel().equals("nothing")).extracting(Reading::error).containsExactly("answered 4.04 to GET /no/such/resource");
            assertThat(r).filteredOn(x -> x.channel().equals("ticks")).extracting(Reading::error).containsExactly("");
        }
    }

    @Test
    void aDeviceThatDoesNotAnswerCannotBeOpened() throws Exception {
        int silent = FreePorts.udp();
        DeviceDescriptor d = device("gone", map("uri", "coap://127.0.0.1:" + silent, "timeout", "300ms"), polled("x", ChannelType.INTEGER, "path", "/x"));
        assertThatThrownBy(() -> coap.driver().open(d, new RecordingListener())).isInstanceOf(DriverException.class)
                .hasMessageStartingWith("device 'gone': coap://127.0.0.1:" + silent + " did not answer a CoAP ping within 300 ms");
    }

    @Test
    void dtlsWithThePreSharedKeyFromAKeyFileReadsTheClock() throws Exception {
        writeKey("clock.psk", CoapServerPeer.KEY + "\n", "rw-------");
        DeviceDescriptor d = device("secure-clock", map("uri", coap.server().secureUri(), "psk.identity", "gateway", "psk.key", "clock.psk"),
                polled("ticks", ChannelType.INTEGER, "path", "/time?ticks"));
        try (DeviceConnection c = coap.driver().open(d, new RecordingListener())) {
            assertThat(c.read(d.channels())).extracting(Reading::error).containsExactly("");
        }
    }

    @Test
    void dtlsWithAWrongKeyLeavesTheDeviceOfflineNamingTheHandshake() throws Exception {
        writeKey("wrong.psk", "not-the-key", "rw-------");
        DeviceDescriptor d = device("secure-clock", map("uri", coap.server().secureUri(), "psk.identity", "gateway", "psk.key", "wrong.psk"),
                polled("ticks", ChannelType.INTEGER, "path", "/time?ticks"));
        assertThatThrownBy(() -> coap.driver().open(d, new RecordingListener())).isInstanceOf(DriverException.class)
                .hasMessageContaining("device 'secure-clock'").hasMessageContaining("DTLS handshake");
    }

    @Test
    void aKeyFileOthersCanReadIsRefusedNamingTheFile() throws Exception {
        Path key = writeKey("open.psk", CoapServerPeer.KEY, "rw-r--r--");
        DeviceDescriptor d = device("secure-clock", map("uri", coap.server().secureUri(), "psk.identity", "gateway", "psk.key", "open.psk"),
                polled("ticks", ChannelType.INTEGER, "path", "/time?ticks"));
        assertThatThrownBy(() -> coap.driver().open(d, new RecordingListener())).isInstanceOf(DriverException.class)
                .hasMessage("device 'secure-clock': DTLS key file " + key + " can be read by others than its owner; chmod 600 it");
    }

    private Path writeKey(String name, String key, String mode) throws Exception {
        Path dir = Files.createDirectories(coap.conf().resolve("keys"));
        Path f = dir.resolve(name);
        Files.writeString(f, key);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }
}
