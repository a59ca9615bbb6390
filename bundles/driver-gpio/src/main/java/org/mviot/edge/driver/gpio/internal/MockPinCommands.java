package org.mviot.edge.driver.gpio.internal;

import java.util.Hashtable;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

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
 * through the driver like real ones), {@code gpio:pulse PIN COUNT [PER_SECOND]} gives COUNT high-low pulses (flat out,
 * with the time they took, or paced like a meter's output: the GPIO benchmark's edge source),
 * {@code gpio:state PIN} shows what the driver made of a pin (an output's level, a PWM duty cycle;
 * for an output whose device has closed, the level it was left at: its safe state).
 * Registered only while the driver runs on the mock provider: never on real hardware.
 */
public final class MockPinCommands {

    private static final int MAX_PULSES = 1_000_000;
    private static final int MAX_PULSES_PER_SECOND = 100_000;
    private static final int MAX_PACED_SECONDS = 20;

    private final GpioDriver driver;

    MockPinCommands(GpioDriver driver) {
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
     * Flat out: the pulses one after the other on the shell's thread. Pi4J's mock calls the driver on
     * the caller's thread, so when this returns every edge went through the driver and into the core
     * (the twin update queued): the time it gives is the edge path's throughput (bench/README.md).
     *
     * @param pin   BCM number of an input opened by a device
     * @param count pulses (low → high → low), at most a million
     * @return what was done, with the time it took
     */
    public String pulse(int pin, int count) {
        checkCount(count);
        MockDigitalInput in = input(pin);
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            in.mockState(DigitalState.HIGH);
            in.mockState(DigitalState.LOW);
        }
        long nanos = System.nanoTime() - t0;
        return String.format(Locale.ROOT, "%s: %d pulses in %.1f ms (%.0f edges/s)", driver.board().name(pin), count, nanos / 1e6,
                count == 0 ? 0.0 : 2e9 * count / nanos);
    }

    /**
     * Paced, like a meter's pulse output: the edges evenly spaced, {@code 2 × perSecond} edges a second,
     * for at most {@value #MAX_PACED_SECONDS} s (a shell session's limit is longer).
     *
     * @param pin       BCM number of an input opened by a device
     * @param count     pulses, at most a million
     * @param perSecond pulses a second, 1..{@value #MAX_PULSES_PER_SECOND}
     * @return what was done, with how many edges came later than their time by more than a period
     */
    public String pulse(int pin, int count, int perSecond) {
        checkCount(count);
        if (perSecond < 1 || perSecond > MAX_PULSES_PER_SECOND) {
            throw new IllegalArgumentException("pulses per second is 1.." + MAX_PULSES_PER_SECOND + ", not " + perSecond);
        }
        if ((long) count > (long) perSecond * MAX_PACED_SECONDS) {
            throw new IllegalArgumentException(count + " pulses at " + perSecond + "/s take longer than " + MAX_PACED_SECONDS + " s");
        }
        MockDigitalInput in = input(pin);
        long period = 500_000_000L / perSecond; // between two edges
        long t0 = System.nanoTime();
        long next = t0;
        int late = 0;
        for (int i = 0; i < 2 * count; i++) {
            long wait;
            while ((wait = next - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait); // the pace of the simulated meter, not a wait for the driver
            }
            if (-wait > period) {
                late++;
            }
            in.mockState(i % 2 == 0 ? DigitalState.HIGH : DigitalState.LOW);
            next += period;
        }
        long nanos = System.nanoTime() - t0;
        return String.format(Locale.ROOT, "%s: %d pulses at %d/s in %.1f ms, %d edges late by more than %.3f ms", driver.board().name(pin), count,
                perSecond, nanos / 1e6, late, period / 1e6);
    }

    private static void checkCount(int count) {
        if (count < 0 || count > MAX_PULSES) {
            throw new IllegalArgumentException("count is 0.." + MAX_PULSES + ", not " + count);
        }
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
