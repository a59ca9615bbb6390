package org.mviot.edge.api.driver;

import java.time.Duration;

import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.DeviceStatus;
import org.mviot.edge.api.sample.Quality;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The core's side of one open device, given to {@link Driver#open}: how a driver reports what
 * happens on its own (values pushed by event channels, changes of the device's working status), and
 * the time limits the core puts on the driver's calls, so the driver can keep its own timeouts
 * (socket, response, retries) within them. Implemented by the core; the reporting methods return
 * quickly and never throw, and may be called from any of the driver's threads.
 *
 * <p>A driver whose events come fast (a GPIO input's edges, a pulse counter) pushes them with
 * {@link #onValue(ChannelSpec, boolean, long)} and its {@code long} and {@code double} forms: a good
 * value of one channel with the time it was seen, as primitives, so reporting it allocates nothing on
 * the driver's side (no {@link Reading}, no boxing). They mean exactly what a good {@link Reading}
 * with that device timestamp means; a driver that has a quality other than good, an error or a text
 * value uses {@link #onReading}.
 */
@ProviderType
public interface DeviceListener {

    /**
     * A subscribed channel pushed a value.
     *
     * @param reading the value
     */
    void onReading(Reading reading);

    /**
     * A subscribed boolean channel pushed a good value: the same as {@link #onReading} with a good
     * {@link Reading} of that value and device timestamp, without making one.
     *
     * @param channel         the channel, one of the descriptor's given to {@link Driver#open} (the
     *                        driver keeps it from there: nothing is made per value)
     * @param value           the value
     * @param deviceTimestamp when the value was seen, in milliseconds since the epoch, or 0 to have
     *                        the core stamp it on arrival
     * @since 1.1
     */
    default void onValue(ChannelSpec channel, boolean value, long deviceTimestamp) {
        onReading(new Reading(channel.name(), value, Quality.GOOD, deviceTimestamp, ""));
    }

    /**
     * A subscribed integer channel pushed a good value (a pulse count): as
     * {@link #onValue(ChannelSpec, boolean, long)}.
     *
     * @param channel         the channel, one of the descriptor's
     * @param value           the value
     * @param deviceTimestamp when the value was seen, in milliseconds since the epoch, or 0
     * @since 1.1
     */
    default void onValue(ChannelSpec channel, long value, long deviceTimestamp) {
        onReading(new Reading(channel.name(), value, Quality.GOOD, deviceTimestamp, ""));
    }

    /**
     * A subscribed double channel pushed a good value (a rate): as
     * {@link #onValue(ChannelSpec, boolean, long)}.
     *
     * @param channel         the channel, one of the descriptor's
     * @param value           the value
     * @param deviceTimestamp when the value was seen, in milliseconds since the epoch, or 0
     * @since 1.1
     */
    default void onValue(ChannelSpec channel, double value, long deviceTimestamp) {
        onReading(new Reading(channel.name(), value, Quality.GOOD, deviceTimestamp, ""));
    }

    /**
     * The device's working status changed (connection lost, recovered).
     *
     * @param status the new status
     */
    void onStatus(DeviceStatus status);

    /**
     * The read deadline: how long after the core hands a {@link DeviceConnection#read} to its I/O
     * pool it gives up and interrupts the call. A driver that waits for answers sizes its waits
     * below it (a response timeout times the attempts, plus the time on the wire), so a slow device
     * fails with the driver's own clear reason instead of the core's timeout.
     *
     * @return the read deadline; the core's setting {@code read.timeout.ms} (a listener that does
     *         not say, such as a test's, answers the core's default)
     */
    default Duration readTimeout() {
        return Duration.ofSeconds(2);
    }

    /**
     * Tells the core the longest one call of this device can take by the driver's own settings: its response
     * timeout times the tries (a Modbus unit: {@code timeout × (retries + 1)}). The core then sets this device's read and
     * write deadlines ({@link #readTimeout()}, {@link #writeTimeout()}) to at least that plus a margin, so a device that
     * does not answer fails with the driver's own reason ({@code unit 2 on 10.0.0.5:502 did not answer (2 tries × 1000
     * ms)}), never with the core's generic timeout. Call it from {@link Driver#open}; a driver that does not call it
     * keeps the core's settings. The core bounds what it grants (a minute).
     *
     * @param longest the driver's longest wait for one call
     * @since 1.1
     */
    default void driverDeadline(Duration longest) {
    }

    /**
     * @return how long after the core hands a {@link DeviceConnection#write} to its I/O pool it
     *         gives up and interrupts the call; the core's setting {@code write.timeout.ms}
     */
    default Duration writeTimeout() {
        return Duration.ofSeconds(2);
    }
}
