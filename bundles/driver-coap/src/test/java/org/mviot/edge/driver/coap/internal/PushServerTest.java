package org.mviot.edge.driver.coap.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mviot.edge.driver.coap.internal.Devices.device;
import static org.mviot.edge.driver.coap.internal.Devices.map;
import static org.mviot.edge.driver.coap.internal.Devices.observed;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.driver.DeviceConnection;
import org.mviot.edge.api.driver.DriverException;
import org.mviot.edge.api.driver.Reading;
import org.mviot.edge.testsupport.Await;
import org.mviot.edge.testsupport.FreePorts;

/** Devices that push: libcoap's client POSTs SenML to the gateway's push server on 127.0.0.1. */
class PushServerTest {

    @TempDir
    Path conf;

    private CoapDriver driver;
    private String base;

    @BeforeEach
    void start() throws Exception {
        driver = new CoapDriver(conf, new InetSocketAddress("127.0.0.1", FreePorts.udp()), new InetSocketAddress("127.0.0.1", FreePorts.udp()));
        base = "coap://127.0.0.1:" + driver.pushAddress().getPort();
    }

    @AfterEach
    void stop() {
        driver.deactivate();
    }

    private static String post(String uri, String payload, String... options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("coap-client-openssl", "-m", "post", "-t", "110", "-e", payload));
        cmd.addAll(List.of(options));
        cmd.add(uri);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    @Test
    void aSenmlPackPostedToTheDevicesPathFillsItsChannelsByName() throws Exception {
        DeviceDescriptor d = device("door-7", map("push", "true"),
                observed("open", ChannelType.BOOLEAN), observed("temp", ChannelType.DOUBLE, "name", "urn:dev:7:temp"));
        RecordingListener l = new RecordingListener();
        try (DeviceConnection c = driver.open(d, l)) {
            String out = post(base + "/d/door-7", "[{\"n\":\"open\",\"vb\":true},{\"n\":\"urn:dev:7:temp\",\"v\":19.5}]");
            assertThat(out).doesNotContain("4.0");
            Await.until("both channels pushed", () -> l.good("open").size() == 1 && l.good("temp").size() == 1, l::toString);
            assertThat(l.good("open").get(0).value()).isEqualTo(true);
            assertThat(l.good("temp").get(0).value()).isEqualTo(19.5);
        }
    }

    @Test
    void anUnknownDeviceGets404AndAMalformedPack400() throws Exception {
        DeviceDescriptor d = device("door-7", map("push", "true"), observed("open", ChannelType.BOOLEAN));
        RecordingListener l = new RecordingListener();
        try (DeviceConnection c = driver.open(d, l)) {
            assertThat(post(base + "/d/nobody", "[{\"n\":\"open\",\"vb\":true}]")).contains("4.04").contains("no device \"nobody\" pushes here");
            assertThat(post(base + "/d/door-7", "{not senml")).contains("4.00").contains("payload is not JSON");
            assertThat(post(base + "/d/door-7", "[{\"n\":\"other\",\"v\":1}]")).contains("4.00");
            assertThat(l.readings()).isEmpty();
        }
        // closed: the device no longer takes pushes
        assertThat(post(base + "/d/door-7", "[{\"n\":\"open\",\"vb\":true}]")).contains("4.04");
    }

    @Test
    void aPushDeviceNeedsThePushServerAndOnlyEventChannelsWithoutAUri() throws Exception {
        CoapDriver off = new CoapDriver(conf);
        try {
            assertThatThrownBy(() -> off.open(device("door-7", map("push", "true"), observed("open", ChannelType.BOOLEAN)), new RecordingListener()))
                    .isInstanceOf(DriverException.class).hasMessageContaining("push server, which is off");
        } finally {
            off.deactivate();
        }
        assertThatThrownBy(() -> CoapSettings.read(device("door-7", map("push", "true"), Devices.polled("open", ChannelType.BOOLEAN, "path", "/o"))))
                .isInstanceOf(DriverException.class).hasMessageContaining("channels.open.address.path: a device without connection.uri only pushes");
    }

    @Test
    void aDeviceWithAKeyIsTakenOnlyOverDtlsWithItsOwnIdentity() throws Exception {
        Path keys = java.nio.file.Files.createDirectories(conf.resolve("keys"));
        for (String[] k : new String[][] {{"door.psk", "door-secret"}, {"window.psk", "window-secret"}}) {
            Path f = java.nio.file.Files.writeString(keys.resolve(k[0]), k[1]);
            java.nio.file.Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
        DeviceDescriptor door = device("door-7", map("push", "true", "psk.identity", "door-7", "psk.key", "door.psk"), observed("open", ChannelType.BOOLEAN));
        DeviceDescriptor window = device("window-2", map("push", "true", "psk.identity", "window-2", "psk.key", "window.psk"),
                observed("open", ChannelType.BOOLEAN));
        String secure = "coaps://127.0.0.1:" + driver.pushSecureAddress().getPort();
        String pack = "[{\"n\":\"open\",\"vb\":true}]";
        RecordingListener doorReadings = new RecordingListener();
        try (DeviceConnection c = driver.open(door, doorReadings); DeviceConnection w = driver.open(window, new RecordingListener())) {
            assertThat(post(base + "/d/door-7", pack)).as("plain CoAP").contains("4.01");
            assertThat(post(secure + "/d/door-7", pack, "-u", "window-2", "-k", "window-secret")).as("another device's session").contains("4.01");
            assertThat(doorReadings.readings()).isEmpty();

            assertThat(post(secure + "/d/door-7", pack, "-u", "door-7", "-k", "door-secret")).doesNotContain("4.0");
            Await.until("the door's pack taken", () -> doorReadings.good("open").size() == 1, doorReadings::toString);
        }
    }
}
