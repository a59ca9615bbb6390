package org.mviot.edge.core.internal.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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
import org.mviot.edge.api.twin.CommandService;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.core.internal.acquisition.CoreExecutors;
import org.mviot.edge.core.internal.acquisition.DeviceHandler;
import org.mviot.edge.core.internal.acquisition.TimeBase;
import org.mviot.edge.core.internal.actuation.Actuator;
import org.mviot.edge.core.internal.descriptor.DescriptorParser;
import org.mviot.edge.core.internal.descriptor.DescriptorProblem;
import org.mviot.edge.core.internal.gatewaytwin.GatewayTwin;
import org.mviot.edge.core.internal.mapping.TwinMapper;
import org.mviot.edge.core.internal.mapping.Uplink;
import org.mviot.edge.core.internal.registry.DeviceRegistry;
import org.mviot.edge.core.internal.registry.GatewayView;
import org.mviot.edge.testsupport.Await;

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
        shell = new MviotCommands(new GatewayView() {
            @Override
            public DeviceRegistry registry() {
                return registry;
            }

            @Override
            public Uplink.Backlog backlog() {
                return uplink.backlog();
            }

            @Override
            public GatewayTwin gateway() {
                return gateway;
            }

            @Override
            public CommandService commands() {
                return actuator;
            }

            @Override
            public Map<String, List<String>> sources() {
                return Map.of();
            }
        });
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
                && shell.channels("boiler").lines().skip(1).noneMatch(l -> l.contains(" - ")));
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
        assertThat(out).containsPattern("(?m)^target\\s+integer\\s+read_write\\s+target/value\\s+good\\s+3(\\.0)?  @ \\S+$");
        assertThat(out).containsPattern("(?m)^pump\\s+boolean\\s+read_write\\s+pump/value\\s+good\\s+false  @ \\S+$");
    }

    @Test
    void channelsOfAnUnknownDeviceSaysSo() {
        assertThat(shell.channels("nowhere")).isEqualTo("no device 'nowhere' (see: mviot:devices)");
    }

    @Test
    void twinsListsDeviceThingsAndTheGatewayWithItsLatestReportAndTheUplink() {
        gateway.report();
        String out = shell.twins();
        assertThat(out).containsPattern("(?m)^org\\.example:boiler\\s+device boiler$");
        assertThat(out).containsPattern("(?m)^org\\.example:gw\\s+gateway$");
        assertThat(out).contains("    devices/total = 1", "    drivers/installed = ");
        assertThat(out).contains("uplink: Backlog[");
    }

    @Test
    void writeSetsAChannelThroughTheCommandPath() throws Exception {
        online();
        assertThat(shell.write("boiler", "target", "7")).matches("Done\\[correlationId=shell-[0-9a-f-]{36}, device=boiler, channel=target, written=7]");
        assertThat(driver.values.get("target")).isEqualTo(7L);
        assertThat(shell.write("boiler", "pump", "TRUE")).startsWith("Done[").endsWith("written=true]");
        assertThat(driver.values.get("pump")).isEqualTo(true);
    }

    @Test
    void writeRefusesWhatTheChannelCannotTake() throws Exception {
        online();
        assertThat(shell.write("boiler", "target", "11")).startsWith("Rejected[")
                .contains("device 'boiler' channel 'target': 11.0 is out of range [0.0, 10.0]");
        assertThat(shell.write("boiler", "target", "warm")).startsWith("Rejected[")
                .contains("device 'boiler' channel 'target': expects a number, got string \"warm\"");
        assertThat(shell.write("boiler", "pump", "maybe")).startsWith("Rejected[")
                .contains("device 'boiler' channel 'pump': expects a boolean, got string \"maybe\"");
        assertThat(shell.write("boiler", "temp", "1")).isEqualTo("device 'boiler' has no writable channel 'temp' (see: mviot:channels boiler)");
        assertThat(shell.write("nowhere", "x", "1")).isEqualTo("no device 'nowhere' (see: mviot:devices)");
        assertThat(driver.values).containsEntry("target", 3L).containsEntry("pump", false);
    }
}
