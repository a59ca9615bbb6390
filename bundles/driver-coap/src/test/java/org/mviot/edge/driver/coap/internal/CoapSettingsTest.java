package org.mviot.edge.driver.coap.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mviot.edge.driver.coap.internal.Devices.device;
import static org.mviot.edge.driver.coap.internal.Devices.map;
import static org.mviot.edge.driver.coap.internal.Devices.observed;
import static org.mviot.edge.driver.coap.internal.Devices.polled;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.driver.DriverException;
import org.mviot.edge.api.driver.SettingProblem;
import org.mviot.edge.driver.coap.internal.payload.PayloadFormat;

class CoapSettingsTest {

    @Test
    void aPlainDeviceGetsTheDefaultPortAndItsChannelsTheirFormats() throws Exception {
        CoapSettings s = CoapSettings.read(device("d", map("uri", "coap://192.0.2.1", "confirmable", "false", "timeout", "700ms"),
                polled("t", ChannelType.DOUBLE, "path", "/s", "format", "senml", "name", "urn:dev:1:temp"),
                observed("h", ChannelType.DOUBLE, "path", "/j", "format", "json", "pointer", "/a/0")));
        assertThat(s.uri()).hasToString("coap://192.0.2.1:5683");
        assertThat(s.confirmable()).isFalse();
        assertThat(s.timeout()).isEqualTo(Duration.ofMillis(700));
        assertThat(s.address("t").codec().format()).isEqualTo(PayloadFormat.SENML);
        assertThat(s.address("t").codec().senmlName()).isEqualTo("urn:dev:1:temp");
        assertThat(s.address("h").observe()).isTrue();
        assertThat(s.address("h").codec().pointer().tokens()).containsExactly("a", "0");
    }

    @Test
    void everyWrongSettingIsReportedAtOnceAtItsKeyPath() {
        assertThatThrownBy(() -> CoapSettings.read(device("d", map("uri", "http://x/y", "timout", "1s", "psk.key", "k"),
                polled("t", ChannelType.DOUBLE, "path", "time", "observe", "true", "pointer", "x"),
                observed("e", ChannelType.DOUBLE, "path", "/e", "observe", "false"))))
                .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.problems()).extracting(SettingProblem::path).containsExactlyInAnyOrder(
                        "connection.timout", "connection.uri", "connection.psk.key",
                        "channels.t.address.path", "channels.t.address.observe", "channels.t.address.pointer", "channels.t.address.pointer",
                        "channels.e.address.observe"));
    }

    @Test
    void aSecureDeviceNeedsAnIdentityAndAKeyFileNameWithoutDirectories() {
        assertThatThrownBy(() -> CoapSettings.read(device("d", map("uri", "coaps://192.0.2.1", "psk.key", "../gateway.properties"),
                polled("t", ChannelType.DOUBLE, "path", "/t"))))
                .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.problems()).extracting(SettingProblem::path)
                        .containsExactlyInAnyOrder("connection.psk.identity", "connection.psk.key"));
    }

    @Test
    void aTimeoutAboveTheCoresDeadlineIsShortenedBelowIt() {
        assertThat(CoapDriver.within("d", "read", Duration.ofSeconds(5), Duration.ofSeconds(2))).isEqualTo(Duration.ofMillis(1500));
        assertThat(CoapDriver.within("d", "read", Duration.ofMillis(800), Duration.ofSeconds(2))).isEqualTo(Duration.ofMillis(800));
    }

    @Test
    void aCertificateDeviceNamesItsFilesAndMixesNeitherWithAPreSharedKeyNorWithPlainCoap() throws Exception {
        CoapSettings s = CoapSettings.read(device("d", map("uri", "coaps://192.0.2.1", "dtls.ca", "ca.pem", "dtls.certificate", "gw.pem", "dtls.key", "gw.key"),
                polled("t", ChannelType.DOUBLE, "path", "/t")));
        assertThat(s.certificates()).isEqualTo(new CoapSettings.Certificates("ca.pem", "gw.pem", "gw.key"));
        assertThat(s.pskIdentity()).isNull();

        assertThatThrownBy(() -> CoapSettings.read(device("d", map("uri", "coaps://192.0.2.1", "dtls.ca", "../ca.pem", "dtls.key", "gw.key",
                "psk.identity", "gw"), polled("t", ChannelType.DOUBLE, "path", "/t"))))
                .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.problems()).extracting(SettingProblem::path)
                        .containsExactlyInAnyOrder("connection.dtls.ca", "connection.dtls.certificate", "connection.psk.identity"));
        assertThatThrownBy(() -> CoapSettings.read(device("d", map("uri", "coap://192.0.2.1", "dtls.ca", "ca.pem"), polled("t", ChannelType.DOUBLE, "path", "/t"))))
                .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.problems()).extracting(SettingProblem::path).containsExactly("connection.dtls.ca"));
    }
}
