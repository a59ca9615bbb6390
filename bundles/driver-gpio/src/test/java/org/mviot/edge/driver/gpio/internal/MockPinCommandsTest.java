package org.mviot.edge.driver.gpio.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

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
import org.mviot.edge.api.driver.Reading;

/** The mock provider's {@code gpio:pulse}, flat out and paced: the GPIO benchmark's edge source. */
class MockPinCommandsTest {

    private final GpioDriver driver = new GpioDriver(GpioDriverTest.config("mock", BoardPinsTest.PI_HEADER), EdgeClock.SYSTEM, null);
    private final MockPinCommands commands = new MockPinCommands(driver);
    private final ChannelSpec energy = new ChannelSpec("energy", ChannelType.INTEGER, "", Access.READ, Acquisition.event(), Range.UNBOUNDED,
            Map.of("mode", "counter", "pin", "27", "debounce", "0ms"), "");
    private final DeviceListener quiet = new DeviceListener() {
        @Override
        public void onReading(Reading reading) {
        }

        @Override
        public void onStatus(DeviceStatus status) {
        }
    };

    @AfterEach
    void stop() {
        driver.deactivate();
    }

    @Test
    void flatOutAndPacedPulsesAllReachTheCounterAndTheCommandSaysHowLongTheyTook() throws Exception {
        DeviceConnection c = driver.open(new DeviceDescriptor("meter", "gpio", "", Map.of(), List.of(energy)), quiet);
        assertThat(commands.pulse(27, 1000)).matches("GPIO27 .*: 1000 pulses in [0-9.]+ ms \\([0-9]+ edges/s\\)");
        assertThat(commands.pulse(27, 20, 1000)).matches("GPIO27 .*: 20 pulses at 1000/s in [0-9.]+ ms, [0-9]+ edges late by more than 0.500 ms");
        assertThat(c.read(List.of(energy))).extracting(Reading::value).containsExactly(1020L);
    }

    @Test
    void aPacedTrainLongerThanTwentySecondsOrFasterThanTheLimitIsRefusedBeforeAnyPulse() throws Exception {
        DeviceConnection c = driver.open(new DeviceDescriptor("meter", "gpio", "", Map.of(), List.of(energy)), quiet);
        assertThatThrownBy(() -> commands.pulse(27, 30_000, 1000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("30000 pulses at 1000/s take longer than 20 s");
        assertThatThrownBy(() -> commands.pulse(27, 10, 0)).hasMessage("pulses per second is 1..100000, not 0");
        assertThatThrownBy(() -> commands.pulse(27, 2_000_000)).hasMessage("count is 0..1000000, not 2000000");
        assertThat(c.read(List.of(energy))).extracting(Reading::value).containsExactly(0L);
    }
}
