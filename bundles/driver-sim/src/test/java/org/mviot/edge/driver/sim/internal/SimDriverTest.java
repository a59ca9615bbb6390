package org.mviot.edge.driver.sim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mviot.edge.api.device.Access;
import org.mviot.edge.api.device.Acquisition;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.device.DeviceStatus;
import org.mviot.edge.api.device.Range;
import org.mviot.edge.api.driver.DeviceConnection;
import org.mviot.edge.api.driver.DeviceListener;
import org.mviot.edge.api.driver.DriverException;
import org.mviot.edge.api.driver.Reading;
import org.mviot.edge.api.sample.Quality;

class SimDriverTest {

    private static final Acquisition POLL = Acquisition.poll(Duration.ofSeconds(1));

    private final SimDriver driver = new SimDriver();
    private final BlockingQueue<Reading> events = new LinkedBlockingQueue<>();
    private final DeviceListener listener = new DeviceListener() {
        @Override
        public void onReading(Reading reading) {
            events.add(reading);
        }

        @Override
        public void onStatus(DeviceStatus status) {
        }
    };
    @AfterEach
    void stop() {
        driver.deactivate();
    }

    private static ChannelSpec channel(String name, ChannelType type, Access access, Map<String, String> address) {
        return new ChannelSpec(name, type, "", access, POLL, Range.UNBOUNDED, address, "");
    }

    private static DeviceDescriptor device(Map<String, String> connection, ChannelSpec... channels) {
        return new DeviceDescriptor("sim-1", "sim", "", connection, List.of(channels));
    }

    private static final ChannelSpec COUNTER = channel("count", ChannelType.INTEGER, Access.READ, Map.of("signal", "counter", "start", "5"));
    private static final ChannelSpec SETPOINT = channel("sp", ChannelType.DOUBLE, Access.READ_WRITE, Map.of("signal", "setpoint", "initial", "20"));

    @Test
    void isNamedSim() {
        assertThat(driver.name()).isEqualTo("sim");
    }

    @Test
    void readsEveryAskedChannelInOneCall() throws Exception {
        try (DeviceConnection c = driver.open(device(Map.of(), COUNTER, SETPOINT), listener)) {
            assertThat(c.read(List.of(COUNTER, SETPOINT))).containsExactly(Reading.good("count", 5L), Reading.good("sp", 20.0));
            assertThat(c.read(List.of(COUNTER))).containsExactly(Reading.good("count", 6L));
        }
    }

    @Test
    void aWrittenSetpointIsReadBack() throws Exception {
        try (DeviceConnection c = driver.open(device(Map.of(), SETPOINT), listener)) {
            c.write(SETPOINT, 42.5);
            assertThat(c.read(List.of(SETPOINT))).containsExactly(Reading.good("sp", 42.5));
        }
    }

    @Test
    void writingAReadOnlySignalFailsNamingDeviceAndChannel() throws Exception {
        try (DeviceConnection c = driver.open(device(Map.of(), COUNTER), listener)) {
            assertThatThrownBy(() -> c.write(COUNTER, 1L)).isInstanceOf(DriverException.class)
                    .hasMessageContaining("device 'sim-1' channel 'count'").hasMessageContaining("read-only");
        }
    }

    @Test
    void aChannelTheDeviceDoesNotHaveReadsBad() throws Exception {
        ChannelSpec other = channel("other", ChannelType.DOUBLE, Access.READ, Map.of("signal", "sine"));
        try (DeviceConnection c = driver.open(device(Map.of(), COUNTER), listener)) {
            Reading r = c.read(List.of(other)).get(0);
            assertThat(r.quality()).isEqualTo(Quality.BAD);
            assertThat(r.error()).isEqualTo("no such channel on device 'sim-1'");
            assertThatThrownBy(() -> c.write(other, 1.0)).hasMessage("device 'sim-1' has no channel 'other'");
        }
    }

    @Test
    void failReadsMakesEveryReadFail() throws Exception {
        try (DeviceConnection c = driver.open(device(Map.of("fail.reads", "true"), COUNTER, SETPOINT), listener)) {
            assertThatThrownBy(() -> c.read(List.of(COUNTER))).isInstanceOf(DriverException.class)
                    .hasMessage("device 'sim-1': simulated read failure (connection setting fail.reads)");
            c.write(SETPOINT, 1.0); // writes still work: only reads are made to fail
        }
    }

    @Test
    void failOpenMakesOpeningFail() {
        assertThatThrownBy(() -> driver.open(device(Map.of("fail.open", "true"), COUNTER), listener))
                .isInstanceOf(DriverException.class)
                .hasMessage("device 'sim-1': simulated connection refused (connection setting fail.open)");
    }

    /** Without the latency the read would answer at once, interrupted or not; with it, it waits until interrupted. */
    @Test
    void aReadWithLatencyWaitsUntilInterrupted() throws Exception {
        DeviceConnection c = driver.open(device(Map.of("latency", "1h"), COUNTER), listener);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                c.read(List.of(COUNTER));
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        t.start();
        t.interrupt();
        assertThat(outcome.get(30, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    }

    @Test
    void aWriteWithLatencyWaitsUntilInterrupted() throws Exception {
        DeviceConnection slow = driver.open(device(Map.of("latency", "1h"), SETPOINT), listener);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                slow.write(SETPOINT, 99.0);
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        t.start();
        t.interrupt();
        assertThat(outcome.get(30, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    }

    @Test
    void aSmallLatencyStillAnswers() throws Exception {
        try (DeviceConnection c = driver.open(device(Map.of("latency", "5ms"), SETPOINT), listener)) {
            c.write(SETPOINT, 3.0);
            assertThat(c.read(List.of(SETPOINT))).containsExactly(Reading.good("sp", 3.0));
        }
    }

    @Test
    void eventChannelsPushTheirValues() throws Exception {
        ChannelSpec ticks = new ChannelSpec("ticks", ChannelType.INTEGER, "", Access.READ, Acquisition.event(), Range.UNBOUNDED,
                Map.of("signal", "counter", "interval", "10"), "");
        try (DeviceConnection c = driver.open(device(Map.of(), ticks), listener)) {
            c.subscribe(List.of(ticks));
            for (long expected = 0; expected < 3; expected++) {
                assertThat(events.poll(30, TimeUnit.SECONDS)).isEqualTo(Reading.good("ticks", expected));
            }
        }
    }

    @Test
    void validateAcceptsEverySignal() throws Exception {
        driver.validate(device(Map.of("latency", "10"),
                channel("a", ChannelType.DOUBLE, Access.READ, Map.of("signal", "sine")),
                channel("b", ChannelType.DOUBLE, Access.READ, Map.of("signal", "ramp")),
                channel("c", ChannelType.BOOLEAN, Access.READ, Map.of("signal", "square")),
                channel("d", ChannelType.BOOLEAN, Access.READ, Map.of("signal", "toggle")),
                channel("e", ChannelType.DOUBLE, Access.READ, Map.of("signal", "randomwalk")),
                channel("f", ChannelType.INTEGER, Access.READ, Map.of("signal", "counter")),
                channel("g", ChannelType.BOOLEAN, Access.READ_WRITE, Map.of("signal", "setpoint"))));
    }

    @Test
    void validateRefusesAWritableChannelThatIsNoSetpoint() {
        assertThatThrownBy(() -> driver.validate(device(Map.of(), channel("s", ChannelType.DOUBLE, Access.WRITE, Map.of("signal", "sine")))))
                .isInstanceOf(DriverException.class)
                .hasMessage("device 'sim-1': 1 wrong setting: channels.s.address.signal: only a setpoint can be written; "
                        + "make the channel read-only or its signal setpoint");
    }

    @Test
    void validateReportsEveryWrongSettingOfTheDeviceAtItsKeyPath() {
        assertThatThrownBy(() -> driver.validate(device(Map.of("latency", "slow", "fail.reads", "maybe", "latency.ms", "5"),
                channel("s", ChannelType.DOUBLE, Access.READ, Map.of("signal", "noise")),
                channel("t", ChannelType.DOUBLE, Access.READ, Map.of("signal", "sine", "interval", "-1")))))
                .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.problems()).extracting(Object::toString).containsExactly(
                        "connection.latency.ms: unknown key (expected one of [fail.open, fail.reads, latency])",
                        "connection.latency: expected a duration like 250ms, 1.5s, 2m or 1h (a bare number is milliseconds), got \"slow\"",
                        "connection.fail.reads: expected true or false, got \"maybe\"",
                        "channels.s.address.signal: expected one of sine, ramp, square, toggle, randomwalk, counter, setpoint, got \"noise\"",
                        "channels.t.address.interval: expected a duration like 250ms, 1.5s, 2m or 1h (a bare number is milliseconds), got \"-1\""));
    }

    @Test
    void aLatencyNotBelowTheCoresReadDeadlineIsSaidPlainly() {
        assertThat(SimDriver.latencyWarning("sim-1", Duration.ofSeconds(3), Duration.ofSeconds(2)))
                .contains("device 'sim-1': simulated latency 3s is not below the core's read deadline 2s: every read will time out");
        assertThat(SimDriver.latencyWarning("sim-1", Duration.ofMillis(20), Duration.ofSeconds(2))).isEmpty();
        assertThat(SimDriver.latencyWarning("sim-1", Duration.ZERO, Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void demoDevicesAreOfferedOnlyWhenConfigured() throws Exception {
        assertThat(new DemoDevices(demo(false)).documents()).isEmpty();
        List<org.mviot.edge.api.device.DeviceSource.Document> docs = new DemoDevices(demo(true)).documents();
        assertThat(docs).extracting(org.mviot.edge.api.device.DeviceSource.Document::origin)
                .containsExactly("org.mviot.edge.driver.sim!/demo/sim-boiler.json", "org.mviot.edge.driver.sim!/demo/sim-pump.json");
        assertThat(docs.get(0).json()).contains("\"id\": \"sim-boiler\"", "\"driver\": \"sim\"");
    }

    private static DemoDevices.Config demo(boolean on) {
        return new DemoDevices.Config() {
            @Override
            public boolean demo() {
                return on;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return DemoDevices.Config.class;
            }
        };
    }
}
