package org.mviot.edge.core.internal.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.device.DeviceStatus;
import org.mviot.edge.api.driver.DeviceConnection;
import org.mviot.edge.api.driver.DeviceListener;
import org.mviot.edge.api.driver.Driver;
import org.mviot.edge.api.driver.Reading;
import org.mviot.edge.api.twin.CommandAuthorizer;
import org.mviot.edge.api.twin.GatewayFeature;
import org.mviot.edge.api.twin.LinkStatus;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.api.twin.TwinPublisher;
import org.mviot.edge.api.twin.TwinUpdate;
import org.mviot.edge.core.internal.acquisition.CoreExecutors;
import org.mviot.edge.core.internal.acquisition.DeviceHandler;
import org.mviot.edge.core.internal.acquisition.TimeBase;
import org.mviot.edge.core.internal.actuation.Actuator;
import org.mviot.edge.core.internal.descriptor.DescriptorParser;
import org.mviot.edge.core.internal.descriptor.DescriptorProblem;
import org.mviot.edge.core.internal.descriptor.DescriptorValidator;
import org.mviot.edge.core.internal.gatewaytwin.GatewayTwin;
import org.mviot.edge.core.internal.mapping.TwinMapper;
import org.mviot.edge.core.internal.mapping.Uplink;
import org.mviot.edge.core.internal.registry.DeviceRegistry;
import org.mviot.edge.testsupport.Await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** The {@code mviot:} shell commands over a real registry, pipeline and command path, with a driver holding one value per channel. */
class MviotCommandsTest {

    private static final String DESCRIPTOR = """
            {"id": "boiler", "driver": "mem", "channels": [
              {"name": "temp", "type": "double", "unit": "Cel", "poll": "20ms"},
              {"name": "target", "type": "integer", "access": "read_write", "poll": "20ms", "range": {"min": 0, "max": 10}},
              {"name": "pump", "type": "boolean", "access": "read_write", "poll": "20ms"}
            ]}""";

    /** Each device holds one value per channel; writes replace it. */
    static final class MemoryDriver implements Driver {
        final Map<String, Object> values = new ConcurrentHashMap<>(Map.of("temp", 21.5, "target", 3L, "pump", false));

        @Override
        public String name() {
            return "mem";
        }

        @Override
        public DeviceConnection open(DeviceDescriptor device, DeviceListener listener) {
            return new DeviceConnection() {
                @Override
                public List<Reading> read(List<ChannelSpec> channels) {
                    return channels.stream().map(c -> Reading.good(c.name(), values.get(c.name()))).toList();
                }

                @Override
                public void write(ChannelSpec channel, Object value) {
                    values.put(channel.name(), value);
                }

                @Override
                public void subscribe(List<ChannelSpec> channels) {
                }

                @Override
                public void close() {
                }
            };
        }
    }

    private final CoreExecutors executors = new CoreExecutors(2, 16);
    private final Uplink uplink = new Uplink(1000);
    private final TwinMapper mapper = new TwinMapper(uplink);
    private final DeviceRegistry registry = new DeviceRegistry(executors, TimeBase.SYSTEM, new DeviceHandler.Timing(1000, 1000, 1000), mapper);
    private final Actuator actuator = new Actuator(mapper, registry, () -> c -> CommandAuthorizer.Decision.ALLOW, 1000);
    private final MemoryDriver driver = new MemoryDriver();
    private MviotCommands shell;
    private GatewayTwin gateway;

    @BeforeEach
    void start(@TempDir Path data) throws Exception {
        gateway = new GatewayTwin(ThingId.parse("org.example:gw"), registry, uplink, executors, TimeBase.SYSTEM, data);
        DescriptorValidator validator = new DescriptorValidator(new DescriptorParser("org.example", k -> null), registry::driver);
        shell = new MviotCommands(new ViewOfParts(registry, uplink, gateway, actuator, validator, data.resolve("devices")),
                Map.of("mviot.version", "9.8.7", "mviot.profile", "sim")::get);
        registry.put(new DescriptorParser("org.example", k -> null).parse("conf/devices/boiler.json", DESCRIPTOR));
    }

    @AfterEach
    void stop() {
        registry.close();
        executors.close();
    }

    private void online() {
        registry.driverAdded(driver);
        Await.until("boiler online with every channel read", () -> registry.device("boiler").orElseThrow().status().state() == DeviceStatus.State.ONLINE
                && shell.channels("boiler").lines().skip(1).noneMatch(l -> l.endsWith(" -")));
    }

    @Test
    void devicesListsEachDeviceWithDriverStatusAndReasonThenInvalidFilesAndDrivers() {
        registry.rejected("conf/devices/bad.json", List.of(new DescriptorProblem("conf/devices/bad.json", "$.channels[0].type",
                "device 'bad' channel 'x': unknown channel type 'flaot'")));
        String waiting = shell.devices();
        assertThat(waiting.lines().findFirst().orElseThrow()).startsWith("DEVICE").contains("DRIVER", "STATUS", "SINCE", "REASON");
        assertThat(waiting).containsPattern("(?m)^boiler\\s+mem\\s+offline\\s+\\S+\\s+driver 'mem' not installed$");
        assertThat(waiting).contains("INVALID conf/devices/bad.json: $.channels[0].type: device 'bad' channel 'x': unknown channel type 'flaot'");
        assertThat(waiting).endsWith("drivers installed: []");

        online();
        assertThat(shell.devices()).containsPattern("(?m)^boiler\\s+mem\\s+online\\s+\\S+\\s+reading$").endsWith("drivers installed: [mem]");
    }

    @Test
    void channelsShowsTypeUnitAccessTwinPathQualityAndLiveValue() {
        online();
        String out = shell.channels("boiler");
        assertThat(out.lines().findFirst().orElseThrow()).startsWith("CHANNEL").contains("TYPE", "UNIT", "ACCESS", "TWIN", "QUALITY", "VALUE");
        assertThat(out).containsPattern("(?m)^temp\\s+double\\s+Cel\\s+read\\s+temp/value\\s+good\\s+21\\.5  @ \\S+$");
        assertThat(out).containsPattern("(?m)^target\\s+integer\\s+read_write\\s+target/value\\s+good\\s+3  @ \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$");
        assertThat(out).containsPattern("(?m)^pump\\s+boolean\\s+read_write\\s+pump/value\\s+good\\s+false  @ \\S+$");
    }

    @Test
    void channelsOfAnUnknownDeviceFailsSayingSo() {
        assertThatThrownBy(() -> shell.channels("nowhere")).isInstanceOf(ShellCommandException.class)
                .hasMessage("no device 'nowhere' (see: mviot:devices)");
    }

    @Test
    void twinsListsDeviceThingsWithTheirValuesAndTheGatewayWithItsLatestReportAndTheUplink() {
        online();
        gateway.report();
        String out = shell.twins();
        assertThat(out).containsPattern("(?m)^org\\.example:boiler  \\(device boiler, online\\)$");
        assertThat(out).containsPattern("(?m)^  temp/value\\s+21\\.5\\s+good\\s+\\d{4}-\\S+Z$");
        assertThat(out).containsPattern("(?m)^  target/value\\s+3\\s+good\\s+\\S+Z$");
        assertThat(out).containsPattern("(?m)^org\\.example:gw  \\(gateway\\)$");
        assertThat(out).containsPattern("(?m)^  devices/total\\s+1$").containsPattern("(?m)^  drivers/installed\\s+mem$");
        assertThat(out).containsPattern("(?m)^uplink: held things=\\d+ properties=\\d+ .*published=\\d+ .*$").doesNotContain("Backlog[");
    }

    @Test
    void writeSetsAChannelThroughTheCommandPath() throws Exception {
        online();
        assertThat(shell.write("boiler", "target", "7")).isEqualTo("written: boiler target = 7");
        assertThat(driver.values.get("target")).isEqualTo(7L);
        assertThat(shell.write("boiler", "pump", "TRUE")).isEqualTo("written: boiler pump = true");
        assertThat(driver.values.get("pump")).isEqualTo(true);
    }

    @Test
    void writeRefusesWhatTheChannelCannotTakeByFailing() throws Exception {
        online();
        assertThatThrownBy(() -> shell.write("boiler", "target", "11")).isInstanceOf(ShellCommandException.class)
                .hasMessageStartingWith("rejected: ").hasMessageContaining("device 'boiler' channel 'target': 11.0 is out of range [0.0, 10.0]");
        assertThatThrownBy(() -> shell.write("boiler", "target", "warm")).isInstanceOf(ShellCommandException.class)
                .hasMessageContaining("device 'boiler' channel 'target': expects a number, got string \"warm\"");
        assertThatThrownBy(() -> shell.write("boiler", "pump", "maybe")).isInstanceOf(ShellCommandException.class)
                .hasMessageContaining("device 'boiler' channel 'pump': expects a boolean, got string \"maybe\"");
        assertThatThrownBy(() -> shell.write("boiler", "temp", "1")).isInstanceOf(ShellCommandException.class)
                .hasMessage("device 'boiler' has no writable channel 'temp' (see: mviot:channels boiler)");
        assertThatThrownBy(() -> shell.write("nowhere", "x", "1")).isInstanceOf(ShellCommandException.class)
                .hasMessage("no device 'nowhere' (see: mviot:devices)");
        assertThat(driver.values).containsEntry("target", 3L).containsEntry("pump", false);
    }

    @Test
    void statusShowsTheGatewayTheLinkWithItsQueueAndEveryDeviceWithItsLastValue() {
        online();
        Instant oldest = Instant.now().minusSeconds(90);
        gateway.addPublisher(new TwinPublisher() {
            @Override
            public boolean publish(TwinUpdate update) {
                return false;
            }

            @Override
            public Optional<LinkStatus> linkStatus() {
                return Optional.of(new LinkStatus(LinkStatus.State.CONNECTING, "tcp://127.0.0.1:1", Instant.parse("2026-01-01T00:00:00.123456789Z"),
                        12, 2, "connection refused", 3 * 1024, oldest));
            }
        });
        gateway.addFeature(new GatewayFeature() {
            @Override
            public String featureId() {
                return "clock";
            }

            @Override
            public Map<String, Object> properties() {
                return Map.of("synced", true);
            }
        });
        String text = shell.status(false);
        assertThat(text).containsPattern("(?m)^gateway\\s+gw \\(org\\.example:gw\\), version 9\\.8\\.7, profile sim$");
        assertThat(text).containsPattern("(?m)^cloud\\s+connecting \\(tcp://127\\.0\\.0\\.1:1\\) since 2026-01-01T00:00:00\\.123Z; last error: connection refused$");
        assertThat(text).containsPattern("(?m)^queue\\s+12 updates waiting \\(3\\.0 KiB\\), oldest queued \\S+Z \\(1m \\d\\ds ago\\); 2 dropped$");
        assertThat(text).containsPattern("(?m)^clock\\s+synced=true$");
        assertThat(text).containsPattern("(?m)^DEVICE\\s+DRIVER\\s+STATE\\s+SINCE\\s+LAST VALUE\\s+REASON$");
        assertThat(text).containsPattern("(?m)^boiler\\s+mem\\s+online\\s+\\S+\\.\\d{3}Z\\s+\\S+\\.\\d{3}Z\\s+reading$");

        JsonObject json = JsonParser.parseString(shell.status(true)).getAsJsonObject();
        assertThat(json.getAsJsonObject("gateway").get("version").getAsString()).isEqualTo("9.8.7");
        assertThat(json.getAsJsonObject("gateway").get("uptimeSeconds").getAsLong()).isNotNegative();
        JsonObject link = json.getAsJsonObject("link");
        assertThat(link.get("state").getAsString()).isEqualTo("connecting");
        assertThat(link.get("backlogUpdates").getAsLong()).isEqualTo(12);
        assertThat(link.get("backlogBytes").getAsLong()).isEqualTo(3072);
        assertThat(link.get("oldestQueuedAgeSeconds").getAsLong()).isBetween(90L, 3600L);
        assertThat(json.getAsJsonObject("features").getAsJsonObject("clock").get("synced").getAsBoolean()).isTrue();
        JsonObject device = json.getAsJsonArray("devices").get(0).getAsJsonObject();
        assertThat(device.get("id").getAsString()).isEqualTo("boiler");
        assertThat(device.get("state").getAsString()).isEqualTo("online");
        assertThat(device.get("lastValue").getAsString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    }

    @Test
    void statusWithoutACloudLinkSaysSoAndStillListsTheDevices() {
        String text = shell.status(false);
        assertThat(text).containsPattern("(?m)^cloud\\s+no cloud link installed$");
        assertThat(text).containsPattern("(?m)^boiler\\s+mem\\s+offline\\s+\\S+\\s+-\\s+driver 'mem' not installed$");
        assertThat(JsonParser.parseString(shell.status(true)).getAsJsonObject().getAsJsonObject("link").get("state").getAsString()).isEqualTo("none");
    }
}
