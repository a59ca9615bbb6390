package org.mviot.edge.core.internal.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mviot.edge.api.device.DeviceStatus;
import org.mviot.edge.api.twin.CommandAuthorizer;
import org.mviot.edge.api.twin.CommandResult;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.core.console.ChannelView;
import org.mviot.edge.core.console.DescriptorFinding;
import org.mviot.edge.core.console.DeviceView;
import org.mviot.edge.core.internal.acquisition.CoreExecutors;
import org.mviot.edge.core.internal.acquisition.DeviceHandler;
import org.mviot.edge.core.internal.acquisition.TimeBase;
import org.mviot.edge.core.internal.actuation.Actuator;
import org.mviot.edge.core.internal.console.ConsoleGateway;
import org.mviot.edge.core.internal.descriptor.DescriptorParser;
import org.mviot.edge.core.internal.descriptor.DescriptorValidator;
import org.mviot.edge.core.internal.gatewaytwin.GatewayTwin;
import org.mviot.edge.core.internal.mapping.TwinMapper;
import org.mviot.edge.core.internal.mapping.Uplink;
import org.mviot.edge.core.internal.registry.DeviceRegistry;
import org.mviot.edge.testsupport.Await;

/**
 * The web console's view of the core ({@link ConsoleGateway}) over a real registry, pipeline and command path, with
 * the shell tests' memory driver (in this package for it): the same devices, writes and validation as the shell and
 * {@code mviot-edge check}.
 */
class ConsoleGatewayTest {

    private static final String DESCRIPTOR = """
            {"id": "boiler", "driver": "mem", "channels": [
              {"name": "temp", "type": "double", "unit": "Cel", "poll": "20ms"},
              {"name": "target", "type": "integer", "access": "read_write", "poll": "20ms", "range": {"min": 0, "max": 10}},
              {"name": "pump", "type": "boolean", "access": "read_write", "poll": "20ms"}
            ]}""";

    private final CoreExecutors executors = new CoreExecutors(2, 16);
    private final Uplink uplink = new Uplink(1000);
    private final TwinMapper mapper = new TwinMapper(uplink);
    private final DeviceRegistry registry = new DeviceRegistry(executors, TimeBase.SYSTEM, new DeviceHandler.Timing(1000, 1000, 1000), mapper);
    private final Actuator actuator = new Actuator(mapper, registry, () -> c -> CommandAuthorizer.Decision.ALLOW, 1000);
    private ConsoleGateway console;

    @BeforeEach
    void start(@TempDir Path data) {
        GatewayTwin gateway = new GatewayTwin(ThingId.parse("org.example:gw"), registry, uplink, executors, TimeBase.SYSTEM, data);
        DescriptorValidator validator = new DescriptorValidator(new DescriptorParser("org.example", k -> null), registry::driver);
        console = new ConsoleGateway(new ViewOfParts(registry, uplink, gateway, actuator, validator, data.resolve("devices")),
                Map.of("mviot.version", "9.8.7", "mviot.profile", "sim")::get);
        registry.put(validator.validate(data.resolve("devices/boiler.json").toString(), DESCRIPTOR).config());
        registry.driverAdded(new MviotCommandsTest.MemoryDriver());
        Await.until("boiler online with every channel read", () -> registry.device("boiler").orElseThrow().status().state() == DeviceStatus.State.ONLINE
                && console.device("boiler").orElseThrow().channels().stream().allMatch(c -> c.quality() != null));
    }

    @AfterEach
    void stop() {
        registry.close();
        executors.close();
    }

    @Test
    void theDeviceItsChannelsAndTheirLatestValuesAreShown() {
        DeviceView d = console.device("boiler").orElseThrow();
        assertThat(d.driver()).isEqualTo("mem");
        assertThat(d.state()).isEqualTo("online");
        assertThat(d.lastValueAt()).isNotNull();
        assertThat(d.origin()).endsWith("boiler.json");
        ChannelView target = d.channels().stream().filter(c -> c.id().equals("target")).findFirst().orElseThrow();
        assertThat(target.access()).isEqualTo("read_write");
        assertThat(target.min()).isEqualTo(0.0);
        assertThat(target.max()).isEqualTo(10.0);
        assertThat(target.value()).isEqualTo(3L);
        assertThat(target.quality()).isEqualTo("good");
        assertThat(d.channels().stream().filter(c -> c.id().equals("temp")).findFirst().orElseThrow().min()).isNull();
        assertThat(console.devices()).extracting(DeviceView::id).containsExactly("boiler");
        assertThat(console.device("nobody")).isEmpty();
        assertThat(console.status()).containsKeys("gateway", "features", "link", "devices");
    }

    @Test
    void aWriteTakesTheCommandPathWithItsRangeCheckAndComesBackAsTheValue() throws Exception {
        CommandResult done = console.write("boiler", "target", 7L, "console:admin").toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(done).isInstanceOf(CommandResult.Done.class);
        Await.until("target reads 7", () -> Long.valueOf(7).equals(console.device("boiler").orElseThrow().channels().stream()
                .filter(c -> c.id().equals("target")).findFirst().orElseThrow().value()));
        CommandResult outOfRange = console.write("boiler", "target", 70L, "console:admin").toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(outOfRange).isInstanceOf(CommandResult.Rejected.class);
        assertThat(((CommandResult.Rejected) outOfRange).reason()).contains("out of range");
        CommandResult readOnly = console.write("boiler", "temp", 1.0, "console:admin").toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(((CommandResult.Rejected) readOnly).reason()).contains("no writable channel 'temp'");
        CommandResult nobody = console.write("nobody", "x", 1.0, "console:admin").toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(((CommandResult.Rejected) nobody).reason()).contains("no device 'nobody'");
    }

    @Test
    void aDescriptorIsCheckedByTheCoresRulesAndAgainstTheDevicesOfOtherFiles() {
        assertThat(console.check("boiler.json", DESCRIPTOR)).as("the file itself, unchanged").isEmpty();
        List<DescriptorFinding> twin = console.check("other.json", DESCRIPTOR);
        assertThat(twin).extracting(DescriptorFinding::path).containsExactly("$.id");
        assertThat(twin.get(0).message()).contains("already defined by");
        List<DescriptorFinding> broken = console.check("x.json", "{\"id\": \"x\", \"driver\": \"mem\", \"channels\": [{\"name\": \"a\", \"type\": \"double\"}]}");
        assertThat(broken).extracting(DescriptorFinding::path).contains("$.channels[0]");
        assertThat(console.check("y.json", "{not json")).extracting(DescriptorFinding::path).containsExactly("$");
    }
}
