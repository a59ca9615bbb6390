package org.mviot.edge.driver.gpio.internal;

import java.util.Hashtable;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import com.pi4j.io.IO;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.pwm.Pwm;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;

/**
 * Shell commands that play the outside world on Pi4J's <b>mock</b> provider, for the sim profile
 * and the integration tests: {@code gpio:mock PIN high|low} sets a mock input's level (its edges go
 * through the driver like real ones), {@code gpio:pulse PIN COUNT} gives COUNT high-low pulses,
 * {@code gpio:state PIN} shows what the driver made of a pin (an output's level, a PWM duty cycle;
 * for an output whose device has closed, the level it was left at: its safe state).
 * Registered only while the driver runs on the mock provider: never on real hardware.
 */
public final class MockPinCommands {

    private static final int MAX_PULSES = 1_000_000;

    private final GpioDriver driver;

    private MockPinCommands(GpioDriver driver) {
        this.driver = driver;
    }

    static ServiceRegistration<?> register(BundleContext context, GpioDriver driver) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("osgi.command.scope", "gpio");
        props.put("osgi.command.function", new String[] {"mock", "pulse", "state"});
        return context.registerService(MockPinCommands.class, new MockPinCommands(driver), props);
    }

    /**
     * @param pin   BCM number of an input opened by a device
     * @param level {@code high} or {@code low}
     * @return what was done
     */
    public String mock(int pin, String level) {
        boolean high = switch (level.toLowerCase(java.util.Locale.ROOT)) {
            case "high", "1", "true" -> true;
            case "low", "0", "false" -> false;
            default -> throw new IllegalArgumentException("level is high or low, not " + org.mviot.edge.api.driver.DriverSettings.quote(level));
        };
        input(pin).mockState(high ? DigitalState.HIGH : DigitalState.LOW);
        return driver.board().name(pin) + " " + (high ? "high" : "low");
    }

    /**
     * @param pin   BCM number of an input opened by a device
     * @param count pulses (low → high → low), at most a million
     * @return what was done
     */
    public String pulse(int pin, int count) {
        if (count < 0 || count > MAX_PULSES) {
            throw new IllegalArgumentException("count is 0.." + MAX_PULSES + ", not " + count);
        }
        MockDigitalInput in = input(pin);
        for (int i = 0; i < count; i++) {
            in.mockState(DigitalState.HIGH);
            in.mockState(DigitalState.LOW);
        }
        return driver.board().name(pin) + ": " + count + " pulses";
    }

    /**
     * @param pin BCM number
     * @return {@code high}/{@code low} for an output or input, the duty cycle in % for a PWM output
     */
    public String state(int pin) {
        var registry = driver.pi4j().registry();
        if (registry.exists("gpio" + pin + "-pwm")) {
            Pwm pwm = registry.get("gpio" + pin + "-pwm", Pwm.class);
            return pwm.isOn() ? Float.toString(pwm.getDutyCycle()) : "off";
        }
        if (!registry.exists("gpio" + pin)) {
            return driver.releasedState(pin).map(s -> "released, left " + s).orElse("unused");
        }
        IO<?, ?, ?> io = registry.get("gpio" + pin);
        if (io instanceof DigitalOutput out) {
            return out.state().isHigh() ? "high" : "low";
        }
        return ((MockDigitalInput) io).state().isHigh() ? "high" : "low";
    }

    private MockDigitalInput input(int pin) {
        var registry = driver.pi4j().registry();
        if (!registry.exists("gpio" + pin) || !(registry.get("gpio" + pin) instanceof MockDigitalInput in)) {
            throw new IllegalArgumentException(driver.board().name(pin) + " is not an input of any GPIO device");
        }
        return in;
    }
}
