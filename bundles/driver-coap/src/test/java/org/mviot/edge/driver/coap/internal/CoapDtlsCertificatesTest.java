package org.mviot.edge.driver.coap.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mviot.edge.driver.coap.internal.Devices.device;
import static org.mviot.edge.driver.coap.internal.Devices.map;
import static org.mviot.edge.driver.coap.internal.Devices.polled;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.driver.DeviceConnection;
import org.mviot.edge.api.driver.DriverException;
import org.mviot.edge.api.driver.Reading;
import org.mviot.edge.testsupport.TestCertificates;

/** DTLS 1.2 with X.509 certificates against libcoap's server, which demands a client certificate from its CA. */
class CoapDtlsCertificatesTest {

    @TempDir
    static Path conf;

    private static CoapServerPeer server;
    private static CoapDriver driver;
    private static TestCertificates other;

    @BeforeAll
    static void start() throws Exception {
        Path keys = Files.createDirectories(conf.resolve("keys"));
        TestCertificates ca = TestCertificates.authority(keys, "ca", 2);
        ownerOnly(ca.issue("gateway", TestCertificates.KeyType.EC, 2));
        server = CoapServerPeer.startWithCertificates(ca, ca.issue("sensor", TestCertificates.KeyType.EC, 2, "IP:127.0.0.1", "DNS:localhost"));
        other = TestCertificates.authority(keys, "other-ca", 2);
        ownerOnly(other.issue("stranger", TestCertificates.KeyType.EC, 2));
        driver = new CoapDriver(conf);
    }

    /** The driver takes private keys readable by their owner only. */
    static void ownerOnly(TestCertificates.Issued issued) throws java.io.IOException {
        Files.setPosixFilePermissions(issued.key(), PosixFilePermissions.fromString("rw-------"));
    }

    @AfterAll
    static void stop() {
        driver.deactivate();
        server.close();
    }

    private static DeviceDescriptor clock(String ca, String certificate, String key) {
        return device("cert-clock", map("uri", server.secureUri(), "dtls.ca", ca, "dtls.certificate", certificate, "dtls.key", key),
                polled("ticks", ChannelType.INTEGER, "path", "/time?ticks"));
    }

    @Test
    void theGatewaysCertificateAndTheServersVerifiedByTheCaReadTheClock() throws Exception {
        DeviceDescriptor d = clock("ca.pem", "gateway.pem", "gateway.key");
        try (DeviceConnection c = driver.open(d, new RecordingListener())) {
            assertThat(c.read(d.channels())).extracting(Reading::error).containsExactly("");
        }
    }

    @Test
    void aServerCertificateFromAnotherCaFailsTheHandshakeNamingIt() {
        DeviceDescriptor d = clock("other-ca.pem", "gateway.pem", "gateway.key");
        assertThatThrownBy(() -> driver.open(d, new RecordingListener())).isInstanceOf(DriverException.class)
                .hasMessageContaining("device 'cert-clock'").hasMessageContaining("DTLS handshake");
    }

    @Test
    void aGatewayCertificateTheServerDoesNotTrustFailsTheHandshake() {
        DeviceDescriptor d = clock("ca.pem", "stranger.pem", "stranger.key");
        assertThatThrownBy(() -> driver.open(d, new RecordingListener())).isInstanceOf(DriverException.class)
                .hasMessageContaining("device 'cert-clock'").hasMessageContaining("DTLS handshake");
    }

    @Test
    void aPrivateKeyOfAnotherCertificateIsRefusedBeforeAnyHandshake() {
        DeviceDescriptor d = clock("ca.pem", "gateway.pem", "stranger.key");
        assertThatThrownBy(() -> driver.open(d, new RecordingListener())).isInstanceOf(DriverException.class)
                .hasMessageContaining("stranger.key does not belong to certificate gateway.pem");
    }

    @Test
    void aPrivateKeyOthersCanReadIsRefusedNamingTheFile() throws Exception {
        Path open = conf.resolve("keys").resolve("open.key");
        Files.copy(conf.resolve("keys").resolve("gateway.key"), open);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        DeviceDescriptor d = clock("ca.pem", "gateway.pem", "open.key");
        assertThatThrownBy(() -> driver.open(d, new RecordingListener())).isInstanceOf(DriverException.class)
                .hasMessage("device 'cert-clock': DTLS private key file " + open + " can be read by others than its owner; chmod 600 it");
    }
}
