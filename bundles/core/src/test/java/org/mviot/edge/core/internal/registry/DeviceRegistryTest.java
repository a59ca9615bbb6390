package org.mviot.edge.core.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.device.DeviceStatus;
import org.mviot.edge.api.driver.DeviceConnection;
import org.mviot.edge.api.driver.DeviceListener;
import org.mviot.edge.api.driver.Driver;
import org.mviot.edge.api.driver.Reading;
import org.mviot.edge.api.edge.EdgeStage;
import org.mviot.edge.api.edge.EdgeStageFactory;
import org.mviot.edge.api.twin.Command;
import org.mviot.edge.api.twin.CommandAuthorizer;
import org.mviot.edge.api.twin.CommandResult;
import org.mviot.edge.api.twin.PropertyChange;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.api.twin.TwinUpdate;
import org.mviot.edge.core.internal.acquisition.CoreExecutors;
import org.mviot.edge.core.internal.acquisition.DeviceHandler;
import org.mviot.edge.core.internal.acquisition.TimeBase;
import org.mviot.edge.core.internal.actuation.Actuator;
import org.mviot.edge.core.internal.descriptor.DescriptorParser;
import org.mviot.edge.core.internal.mapping.TwinMapper;
import org.mviot.edge.core.internal.mapping.Uplink;
import org.mviot.edge.testsupport.Await;

class DeviceRegistryTest {

    /** A driver whose devices hold one value per channel; a write to "stuck" never returns until interrupted. */
    static final class FakeDriver implements Driver {
        final Map<String, Object> values = new ConcurrentHashMap<>(Map.of("temp", 21.5, "setpoint", 40.0, "stuck", 0.0));
        final List<List<String>> readCalls = new CopyOnWriteArrayList<>();
        final List<java.time.Duration> deadlinesSeen = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public DeviceConnection open(DeviceDescriptor device, DeviceListener listener) {
            deadlinesSeen.add(listener.readTimeout());
            deadlinesSeen.add(listener.writeTimeout());
            return new DeviceConnection() {
                @Override
                public List<Reading> read(List<ChannelSpec> channels) {
                    readCalls.add(channels.stream().map(ChannelSpec::name).toList());
                    return channels.stream().map(c -> Reading.good(c.name(), values.get(c.name()))).toList();
                }

                @Override
                public void write(ChannelSpec channel, Object value) throws InterruptedException {
                    if (channel.name().equals("stuck")) {
                        new CountDownLatch(1).await(); // a device that never answers: the core must interrupt it
                    }
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

    private static final String DESCRIPTOR = """
            {"id": "boiler", "driver": "fake", "channels": [
              {"name": "temp", "type": "double", "poll": "20ms", "stages": [{"kind": "deadband", "absolute": 1}]},
              {"name": "setpoint", "type": "double", "access": "read_write", "poll": "60ms", "range": {"min": 0, "max": 90}},
              {"name": "stuck", "type": "double", "access": "write"}
            ]}""";
    private static final ThingId THING = ThingId.parse("org.example:boiler");

    private final CoreExecutors executors = new CoreExecutors(2, 16);
    private final Uplink uplink = new Uplink(1000);
    private final TwinMapper mapper = new TwinMapper(uplink);
    private final DeviceRegistry registry = new DeviceRegistry(executors, TimeBase.SYSTEM, new DeviceHandler.Timing(1000, 1000, 300), mapper);
    private final Actuator actuator = new Actuator(mapper, registry, () -> c -> CommandAuthorizer.Decision.ALLOW, 300);
    private final List<TwinUpdate> published = new CopyOnWriteArrayList<>();
    private final FakeDriver driver = new FakeDriver();

    @AfterEach
    void close() {
        registry.close();
        executors.close();
    }

    private void load() throws Exception {
        uplink.addPublisher(published::add);
        registry.put(new DescriptorParser("org.example", k -> null).parse("boiler.json", DESCRIPTOR));
    }

    private List<PropertyChange> changes() {
        uplink.flush();
        List<PropertyChange> out = new ArrayList<>();
        for (TwinUpdate u : published) {
            if (u instanceof TwinUpdate.Changes c) {
                out.addAll(c.changes());
            }
        }
        return out;
    }

    private DeviceStatus.State state() {
        return registry.device("boiler").orElseThrow().status().state();
    }

    @Test
    void aDeviceWaitsForItsDriverAndStartsWhenItAppears() throws Exception {
        load();
        assertThat(registry.device("boiler").orElseThrow().status().reason()).isEqualTo("driver 'fake' not installed");
        registry.driverAdded(driver);
        Await.until("device online", () -> state() == DeviceStatus.State.ONLINE);
        registry.driverRemoved(driver);
        assertThat(registry.device("boiler").orElseThrow().status().reason()).isEqualTo("driver 'fake' not installed");
    }

    @Test
    void theDriverLearnsTheCoresReadAndWriteDeadlinesWhenItOpensADevice() throws Exception {
        load();
        registry.driverAdded(driver);
        Await.until("device online", () -> state() == DeviceStatus.State.ONLINE);
        // the registry's timing: open 1000 ms, read 1000 ms, write 300 ms
        assertThat(driver.deadlinesSeen).containsExactly(java.time.Duration.ofMillis(1000), java.time.Duration.ofMillis(300));
    }

    @Test
    void samplesBecomeTwinUpdatesAfterTheDefinition() throws Exception {
        load();
        registry.driverAdded(driver);
        Await.until("temp reported", () -> changes().stream().anyMatch(c -> c.feature().equals("temp") && Double.valueOf(21.5).equals(c.value())));
        assertThat(published.get(0)).isInstanceOf(TwinUpdate.Definition.class);
        assertThat(published.get(0).thing()).isEqualTo(THING);
    }

    @Test
    void dueChannelsOfADeviceAreReadInOneCall() throws Exception {
        load();
        registry.driverAdded(driver);
        Await.until("a read of both channels", () -> driver.readCalls.stream().anyMatch(c -> c.size() == 2));
        assertThat(driver.readCalls).allSatisfy(c -> assertThat(c).doesNotContain("stuck"));
    }

    @Test
    void aCommandIsWrittenAnsweredAndItsNewValueReported() throws Exception {
        load();
        registry.driverAdded(driver);
        Await.until("device online", () -> state() == DeviceStatus.State.ONLINE);
        CommandResult r = actuator.execute(new Command("c1", THING, "setpoint", "value", 55, "test")).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(r).isEqualTo(new CommandResult.Done("c1", "boiler", "setpoint", 55.0));
        Await.until("new setpoint reported", () -> changes().stream().anyMatch(c -> c.feature().equals("setpoint") && Double.valueOf(55.0).equals(c.value())));
    }

    @Test
    void anOutOfRangeSetpointIsRejectedWithDeviceAndChannel() throws Exception {
        load();
        registry.driverAdded(driver);
        CommandResult r = actuator.execute(new Command("c2", THING, "setpoint", "value", 120, "test")).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(r).isInstanceOf(CommandResult.Rejected.class);
        assertThat(((CommandResult.Rejected) r).reason()).contains("device 'boiler' channel 'setpoint'", "out of range");
        assertThat(driver.values.get("setpoint")).isEqualTo(40.0);
    }

    @Test
    void aCommandOnAReadOnlyPropertyIsRejected() throws Exception {
        load();
        CommandResult r = actuator.execute(new Command("c3", THING, "temp", "value", 1, "test")).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(r).isEqualTo(new CommandResult.Rejected("c3", "twin org.example:boiler has no writable property temp/value"));
    }

    @Test
    void aDeniedCommandNeverReachesTheDevice() throws Exception {
        load();
        registry.driverAdded(driver);
        Actuator strict = new Actuator(mapper, registry, () -> c -> CommandAuthorizer.Decision.deny("sender test may not write"), 300);
        CommandResult r = strict.execute(new Command("c4", THING, "setpoint", "value", 50, "test")).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(r).isEqualTo(new CommandResult.Rejected("c4", "not authorized: sender test may not write"));
    }

    @Test
    void aWriteThatNeverReturnsTimesOut() throws Exception {
        load();
        registry.driverAdded(driver);
        Await.until("device online", () -> state() == DeviceStatus.State.ONLINE);
        CommandResult r = actuator.execute(new Command("c5", THING, "stuck", "value", 1, "test")).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(r).isEqualTo(new CommandResult.TimedOut("c5", 300));
        // the hung write held the device's only I/O slot: polling goes on only if the core interrupted it
        int readsAtTimeout = driver.readCalls.size();
        Await.until("polls after the timed-out write", () -> driver.readCalls.size() > readsAtTimeout + 2);
        assertThat(state()).isEqualTo(DeviceStatus.State.ONLINE);
        CommandResult next = actuator.execute(new Command("c5b", THING, "setpoint", "value", 60, "test")).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(next).isEqualTo(new CommandResult.Done("c5b", "boiler", "setpoint", 60.0));
    }

    @Test
    void aRemovedDescriptorTakesItsDeviceAway() throws Exception {
        load();
        registry.remove("boiler.json");
        assertThat(registry.device("boiler")).isEmpty();
        CommandResult r = actuator.execute(new Command("c6", THING, "setpoint", "value", 50, "test")).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(r).isInstanceOf(CommandResult.Rejected.class);
    }

    @Test
    void aSecondDescriptorClaimingATakenThingIsRefusedNamingBothFilesAndTheFirstKeepsItsCommands() throws Exception {
        load();
        registry.driverAdded(driver);
        registry.put(new DescriptorParser("org.example", k -> null).parse("intruder.json", """
                {"id": "intruder", "driver": "fake", "thing": "org.example:boiler", "channels": [
                  {"name": "setpoint", "type": "double", "access": "write"}]}"""));
        assertThat(registry.device("intruder")).isEmpty();
        assertThat(registry.invalid().get("intruder.json")).singleElement().satisfies(p -> {
            assertThat(p.jsonPath()).isEqualTo("$.thing");
            assertThat(p.toString()).startsWith("intruder.json: ").contains("'org.example:boiler'", "device 'boiler'", "boiler.json");
        });
        Await.until("device online", () -> state() == DeviceStatus.State.ONLINE);
        CommandResult r = actuator.execute(new Command("c7", THING, "setpoint", "value", 50, "test")).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(r).isEqualTo(new CommandResult.Done("c7", "boiler", "setpoint", 50.0));
    }

    @Test
    void aStageThatThrowsOnEveryValueLosesOnlyThatChannelsValuesAndPollingGoesOn() throws Exception {
        EdgeStageFactory exploding = new EdgeStageFactory() {
            @Override
            public String kind() {
                return "explode";
            }

            @Override
            public EdgeStage create(Map<String, Object> settings) {
                return (value, timestamp, emitter) -> {
                    throw new StackOverflowError();
                };
            }
        };
        uplink.addPublisher(published::add);
        registry.put(new DescriptorParser("org.example", k -> k.equals("explode") ? exploding : null).parse("boiler.json",
                DESCRIPTOR.replace("{\"kind\": \"deadband\", \"absolute\": 1}", "{\"kind\": \"explode\"}")));
        registry.driverAdded(driver);
        Await.until("setpoint reported, read in the batch after the failing temp",
                () -> changes().stream().anyMatch(c -> c.feature().equals("setpoint") && Double.valueOf(40.0).equals(c.value())));
        int reads = driver.readCalls.size();
        Await.until("polling goes on", () -> driver.readCalls.size() > reads + 3);
        assertThat(changes()).noneMatch(c -> c.feature().equals("temp") && c.value() instanceof Double);
    }

    @Test
    void aFourMegabyteSetpointIsRejectedAndLoggedCutOffOnOneLine() throws Exception {
        load();
        registry.driverAdded(driver);
        String huge = "A".repeat(4 << 20);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        CommandResult r;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            r = actuator.execute(new Command("c8\r\nFORGED", THING, "setpoint", "value", huge, "evil\nsender"))
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
        } finally {
            System.setErr(stderr);
        }
        assertThat(r).isInstanceOf(CommandResult.Rejected.class);
        assertThat(((CommandResult.Rejected) r).reason()).hasSizeLessThan(500).contains("(4194304 chars)");
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("setting")).toList();
        assertThat(lines).singleElement().satisfies(line -> {
            assertThat(line).hasSizeLessThan(1500).contains("'c8\\r\\nFORGED'", "'evil\\nsender'", "= \"AAAA", "(4194304 chars)");
        });
    }

    @Test
    void aLogLineNamesADescriptorByItsFileOrItsBundleNotByItsWholePath() {
        assertThat(DeviceRegistry.shortOrigin("/var/lib/mviot-edge/conf/devices/pump.json")).isEqualTo("pump.json");
        assertThat(DeviceRegistry.shortOrigin("bundle:org.mviot.edge.driver.sim!/demo/sim-boiler.json"))
                .isEqualTo("sim-boiler.json of driver.sim");
        assertThat(DeviceRegistry.shortOrigin("bundle:org.example.devices!/pump.json")).isEqualTo("pump.json of org.example.devices");
        assertThat(DeviceRegistry.shortOrigin("bundle:org.example.devices")).isEqualTo("org.example.devices");
        assertThat(DeviceRegistry.shortOrigin("pump.json")).isEqualTo("pump.json");
    }
}
