package org.mviot.edge.driver.gpio.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

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

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;

/** The driver on Pi4J's mock provider (real Pi4J, no hardware), with a clock the test moves. */
class GpioDriverTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);
    private final EdgeClock clock = new EdgeClock() {
        @Override
        public long millis() {
            return millis.get();
        }

        @Override
        public long nanos() {
            return nanos.get();
        }
    };
    private final GpioDriver driver = new GpioDriver(config("mock", BoardPinsTest.PI_HEADER), clock, null);
    private final Recorder recorder = new Recorder();

    @AfterEach
    void stop() {
        driver.deactivate();
    }

    @Test
    void anInputEdgeIsPushedWithTheTimeItWasSeen() throws Exception {
        ChannelSpec button = event("button", ChannelType.BOOLEAN, Map.of("mode", "input", "header", "11", "pull", "up", "invert", "true"));
        DeviceConnection c = driver.open(device("panel", button), recorder);
        mock(17).mockState(DigitalState.HIGH); // released (the mock has no pull resistor: it starts low)
        c.subscribe(List.of(button));
        millis.set(1_700_000_000_123L);
        mock(17).mockState(DigitalState.LOW); // pressed: pulled-up contact closes to ground
        millis.set(1_700_000_000_500L);
        mock(17).mockState(DigitalState.HIGH);
        assertThat(recorder.readings).extracting(Reading::value, Reading::deviceTimestamp)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(true, 1_700_000_000_123L), org.assertj.core.groups.Tuple.tuple(false, 1_700_000_000_500L));
    }

    @Test
    void aBounceTrainGivesOneEventPerPress() throws Exception {
        ChannelSpec button = event("button", ChannelType.BOOLEAN, Map.of("mode", "input", "pin", "17", "edge", "rising", "debounce", "20ms"));
        DeviceConnection c = driver.open(device("panel", button), recorder);
        c.subscribe(List.of(button));
        for (int press = 0; press < 3; press++) {
            for (int bounce = 0; bounce < 5; bounce++) {
                mock(17).mockState(DigitalState.HIGH);
                nanos.addAndGet(1_000_000);
                mock(17).mockState(DigitalState.LOW);
                nanos.addAndGet(1_000_000);
            }
            mock(17).mockState(DigitalState.HIGH);
            nanos.addAndGet(100_000_000); // held, then released after the window
            mock(17).mockState(DigitalState.LOW);
            nanos.addAndGet(100_000_000);
        }
        assertThat(recorder.readings).extracting(Reading::value).containsExactly(true, true, true);
    }

    @Test
    void pulsesAreCountedAndTheirRateIsGiven() throws Exception {
        ChannelSpec count = event("energy", ChannelType.INTEGER, Map.of("mode", "counter", "pin", "27", "debounce", "0ms"));
        ChannelSpec rate = poll("power", ChannelType.DOUBLE, Map.of("mode", "counter", "pin", "27", "debounce", "0ms", "value", "rate", "interval", "10s"));
        DeviceConnection c = driver.open(device("meter", count, rate), recorder);
        c.subscribe(List.of(count));
        for (int i = 0; i < 40; i++) {
            mock(27).mockState(DigitalState.HIGH);
            mock(27).mockState(DigitalState.LOW); // S0: a falling edge per pulse
            nanos.addAndGet(100_000_000);
        }
        nanos.addAndGet(6_000_000_000L);
        assertThat(c.read(List.of(count, rate))).extracting(Reading::value).containsExactly(40L, 4.0);
        assertThat(recorder.readings).hasSize(40).last().extracting(Reading::value).isEqualTo(40L);
    }

    @Test
    void anOutputFollowsWritesAndGoesToItsSafeStateWhenClosed() throws Exception {
        ChannelSpec relay = writable("relay", ChannelType.BOOLEAN, Map.of("mode", "output", "pin", "22", "initial", "false", "safe", "false"));
        DeviceConnection c = driver.open(device("heater", relay), recorder);
        assertThat(output(22).state()).isEqualTo(DigitalState.LOW);
        c.write(relay, true);
        assertThat(output(22).state()).isEqualTo(DigitalState.HIGH);
        assertThat(c.read(List.of(relay))).extracting(Reading::value).containsExactly(true);
        DigitalOutput pin = output(22);
        c.close();
        assertThat(pin.state()).isEqualTo(DigitalState.LOW);
    }

    @Test
    void anInvertedOutputIsSafeWhenTheDriverStops() throws Exception {
        ChannelSpec relay = writable("relay", ChannelType.BOOLEAN, Map.of("mode", "output", "pin", "23", "invert", "true", "safe", "false"));
        DeviceConnection c = driver.open(device("pump", relay), recorder);
        c.write(relay, true);
        DigitalOutput pin = output(23);
        assertThat(pin.state()).as("active low").isEqualTo(DigitalState.LOW);
        driver.deactivate();
        assertThat(pin.state()).isEqualTo(DigitalState.HIGH);
    }

    @Test
    void aPwmOutputTakesADutyCycleInPercent() throws Exception {
        ChannelSpec fan = writable("fan", ChannelType.DOUBLE, Map.of("mode", "pwm", "pin", "18", "frequency", "25000"));
        DeviceConnection c = driver.open(device("cooler", fan), recorder);
        c.write(fan, 40.0);
        assertThat(c.read(List.of(fan))).extracting(Reading::value).containsExactly(40.0);
        assertThatThrownBy(() -> c.write(fan, 140.0)).isInstanceOf(DriverException.class).hasMessageContaining("outside 0..100 %");
    }

    @Test
    void aPinUsedByTwoDevicesIsRefusedNamingBoth() throws Exception {
        ChannelSpec a = event("a", ChannelType.BOOLEAN, Map.of("mode", "input", "pin", "17"));
        ChannelSpec b = writable("b", ChannelType.BOOLEAN, Map.of("mode", "output", "header", "11"));
        DeviceConnection first = driver.open(device("door", a), recorder);
        assertThatThrownBy(() -> driver.open(device("lamp", b), recorder)).isInstanceOf(DriverException.class)
                .hasMessage("device 'lamp': GPIO17 (header 11) is already used by device 'door'; a pin belongs to one device (remove it from one of the two descriptors)");
        first.close();
        driver.open(device("lamp", b), recorder).close();
    }

    @Test
    void wrongPinsAreReportedAtTheirKeyPaths() {
        DeviceDescriptor d = device("bad",
                event("ground", ChannelType.BOOLEAN, Map.of("mode", "input", "header", "6")),
                event("nowhere", ChannelType.BOOLEAN, Map.of("mode", "input", "header", "44")),
                event("twice", ChannelType.BOOLEAN, Map.of("mode", "input", "pin", "5", "header", "29")),
                writable("typed", ChannelType.DOUBLE, Map.of("mode", "output", "pin", "6")));
        assertThatThrownBy(() -> driver.validate(d)).isInstanceOf(DriverException.class)
                .hasMessageContaining("channels.ground.address.header: header position 6 of board Raspberry Pi 4 Model B (profile raspberry-pi-4) is ground (GND)")
                .hasMessageContaining("channels.nowhere.address.header: expected an integer 1..40")
                .hasMessageContaining("channels.twice.address.header: give exactly one of pin")
                .hasMessageContaining("channels.typed.address.mode: an output is a boolean channel, not double");
    }

    @Test
    void theWiringExamplesOfTheDriverDocsAreValidDescriptors() throws Exception {
        driver.validate(device("door-button", event("pressed", ChannelType.BOOLEAN,
                Map.of("mode", "input", "header", "11", "pull", "up", "invert", "true", "edge", "both", "debounce", "20ms"))));
        driver.validate(device("heater", writable("on", ChannelType.BOOLEAN,
                Map.of("mode", "output", "header", "15", "invert", "true", "initial", "false", "safe", "false"))));
        driver.validate(device("meter",
                event("energy", ChannelType.INTEGER, Map.of("mode", "counter", "header", "13", "pull", "down", "edge", "rising", "debounce", "5ms")),
                poll("pulses_per_s", ChannelType.DOUBLE, Map.of("mode", "counter", "header", "13", "pull", "down", "edge", "rising",
                        "debounce", "5ms", "value", "rate", "interval", "60s"))));
        driver.validate(device("cooler", writable("fan", ChannelType.DOUBLE,
                Map.of("mode", "pwm", "header", "12", "frequency", "25000", "initial", "30", "safe", "100"))));
    }

    @Test
    void anOutputAsAnEventChannelAndAnUnknownKeyAreRefused() {
        ChannelSpec pushed = new ChannelSpec("relay", ChannelType.BOOLEAN, "", Access.READ_WRITE, Acquisition.event(), Range.UNBOUNDED,
                Map.of("mode", "output", "pin", "22", "debounse", "5ms"), "");
        assertThatThrownBy(() -> driver.validate(device("x", pushed))).isInstanceOf(DriverException.class)
                .hasMessageContaining("channels.relay.address.debounse: unknown key")
                .hasMessageContaining("channels.relay.address.mode: an output changes only when written: poll it");
    }

    @Test
    void aPressShorterThanTheDebounceWindowIsReportedAndItsReleaseFollowsWhenTheWindowEnds() throws Exception {
        GpioDriver real = new GpioDriver(config("mock", BoardPinsTest.PI_HEADER), EdgeClock.SYSTEM, null);
        try {
            ChannelSpec in = event("contact", ChannelType.BOOLEAN, Map.of("mode", "input", "pin", "4", "debounce", "500ms"));
            DeviceConnection c = real.open(device("window", in), recorder);
            c.subscribe(List.of(in));
            MockDigitalInput pin = real.pi4j().registry().get("gpio4", MockDigitalInput.class);
            for (int i = 0; i < 9; i++) {
                pin.mockState(i % 2 == 0 ? DigitalState.HIGH : DigitalState.LOW); // a bounce train that ends high...
            }
            pin.mockState(DigitalState.LOW); // ...and a release, all inside the window
            org.mviot.edge.testsupport.Await.until("the release reported at the window's end", () -> recorder.readings.size() == 2);
            assertThat(recorder.readings).extracting(Reading::value).containsExactly(true, false);
            assertThat(c.read(List.of(in))).extracting(Reading::value).containsExactly(false);
        } finally {
            real.deactivate();
        }
    }

    @Test
    void anUnknownProviderIsRefusedNamingTheProfileSetting() {
        assertThatThrownBy(() -> new GpioDriver(config("pigpio", ""), clock, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("GPIO driver setting provider is \"pigpio\", expected mock, gpiod or linuxfs (hardware profile gpio.provider)");
    }

    @Test
    void aGpiodDeviceThatCannotOpenItsPinsSaysWhatToCheck() {
        // the build machines have no gpiolib and no gpiod natives for x86_64 (TOOLCHAIN.md): the open fails, and must say why
        GpioDriver gpiod = new GpioDriver(config("gpiod", BoardPinsTest.PI_HEADER), clock, null);
        try {
            assertThatThrownBy(() -> gpiod.open(device("door", event("open", ChannelType.BOOLEAN, Map.of("mode", "input", "header", "11"))), recorder))
                    .isInstanceOf(DriverException.class)
                    .hasMessageStartingWith("device 'door': cannot open its pins on board Raspberry Pi 4 Model B (profile raspberry-pi-4): ")
                    .hasMessageContaining("gpiod: the GPIO character device must exist");
            assertThatThrownBy(() -> gpiod.open(device("door", event("open", ChannelType.BOOLEAN, Map.of("mode", "input", "header", "11"))), recorder))
                    .as("the failed open released its pin").hasMessageNotContaining("already used");
        } finally {
            gpiod.deactivate();
        }
    }

    private MockDigitalInput mock(int bcm) {
        return driver.pi4j().registry().get("gpio" + bcm, MockDigitalInput.class);
    }

    private DigitalOutput output(int bcm) {
        return driver.pi4j().registry().get("gpio" + bcm, DigitalOutput.class);
    }

    static GpioDriver.Config config(String provider, String header) {
        return new GpioDriver.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return GpioDriver.Config.class;
            }

            @Override
            public String provider() {
                return provider;
            }

            @Override
            public String chip() {
                return "none";
            }

            @Override
            public String board_model() {
                return "Raspberry Pi 4 Model B";
            }

            @Override
            public String profile() {
                return "raspberry-pi-4";
            }

            @Override
            public String header() {
                return header;
            }

            @Override
            public int pwm_chip() {
                return 0;
            }
        };
    }

    private static DeviceDescriptor device(String id, ChannelSpec... channels) {
        return new DeviceDescriptor(id, "gpio", "", Map.of(), List.of(channels));
    }

    private static ChannelSpec event(String name, ChannelType type, Map<String, String> address) {
        return new ChannelSpec(name, type, "", Access.READ, Acquisition.event(), Range.UNBOUNDED, address, "");
    }

    private static ChannelSpec poll(String name, ChannelType type, Map<String, String> address) {
        return new ChannelSpec(name, type, "", Access.READ, Acquisition.poll(Duration.ofSeconds(1)), Range.UNBOUNDED, address, "");
    }

    private static ChannelSpec writable(String name, ChannelType type, Map<String, String> address) {
        return new ChannelSpec(name, type, "", Access.READ_WRITE, Acquisition.poll(Duration.ofSeconds(1)), Range.UNBOUNDED, address, "");
    }

    private static final class Recorder implements DeviceListener {
        final List<Reading> readings = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onReading(Reading reading) {
            readings.add(reading);
        }

        @Override
        public void onStatus(DeviceStatus status) {
        }
    }
}
