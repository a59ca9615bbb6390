package org.mviot.edge.driver.gpio.internal;

import java.time.Duration;

import org.mviot.edge.api.device.ChannelSpec;

/**
 * What one channel of a GPIO device does with its pin, read from the channel's {@code address}
 * ({@code mode}): an input, a pulse counter, a digital output or a PWM output.
 */
sealed interface Line {

    /** @return the channel */
    ChannelSpec channel();

    /** @return the pin, a BCM number */
    int bcm();

    /** Pull resistor of an input. */
    enum Pull { UP, DOWN, NONE }

    /** Which edges of an input count. */
    enum Edge { RISING, FALLING, BOTH }

    /**
     * A digital input: its level, pushed on every (debounced) edge when the channel is an event channel.
     *
     * @param channel  the channel (boolean)
     * @param bcm      the pin
     * @param pull     pull resistor
     * @param edge     edges reported
     * @param debounce software debounce window, zero for none
     * @param invert   whether the level is inverted (a contact to ground with a pull-up reads true when closed)
     */
    record Input(ChannelSpec channel, int bcm, Pull pull, Edge edge, Duration debounce, boolean invert) implements Line {
    }

    /** What a counter channel gives. */
    enum CounterValue { COUNT, RATE }

    /**
     * A pulse counter on an input: the count of pulses (integer) or pulses per second over the last
     * interval (double). Two counter channels on one pin share the count.
     *
     * @param channel  the channel
     * @param bcm      the pin
     * @param pull     pull resistor
     * @param edge     edges counted (an S0 pulse: falling with a pull-up)
     * @param debounce software debounce window
     * @param invert   whether the level is inverted
     * @param value    count or rate
     * @param interval the rate interval
     */
    record Counter(ChannelSpec channel, int bcm, Pull pull, Edge edge, Duration debounce, boolean invert, CounterValue value,
                   Duration interval) implements Line {
    }

    /**
     * A digital output: a writable boolean channel.
     *
     * @param channel the channel
     * @param bcm     the pin
     * @param initial the level set when the device opens
     * @param safe    the level set when the device closes (removed, driver stopped, gateway stopped)
     * @param invert  whether the level is inverted (an active-low relay board)
     */
    record Output(ChannelSpec channel, int bcm, boolean initial, boolean safe, boolean invert) implements Line {
    }

    /**
     * A PWM output: a writable double channel, the duty cycle in percent.
     *
     * @param channel   the channel
     * @param bcm       the pin (hardware PWM: GPIO12, 13, 18, 19)
     * @param frequency frequency in Hz
     * @param initial   duty cycle set when the device opens, 0..100
     * @param safe      duty cycle set when the device closes, 0..100
     */
    record Pwm(ChannelSpec channel, int bcm, int frequency, double initial, double safe) implements Line {
    }
}
