package org.mviot.edge.driver.gpio.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.mviot.edge.api.driver.DriverException;

/**
 * Which device holds which GPIO: a pin is driven by one device only, so a second device naming a
 * taken pin is refused with both devices named. Thread-safe.
 */
final class PinClaims {

    private final Map<Integer, String> owners = new HashMap<>();

    /**
     * Claims all pins of a device, or none.
     *
     * @param device the device id
     * @param pins   its pins (BCM numbers)
     * @param board  the board, to name the pins
     * @throws DriverException naming the pin, this device and the device that holds it
     */
    synchronized void claim(String device, List<Integer> pins, BoardPins board) throws DriverException {
        for (int pin : pins) {
            String owner = owners.get(pin);
            if (owner != null && !owner.equals(device)) {
                throw new DriverException("device '" + device + "': " + board.name(pin) + " is already used by device '" + owner
                        + "'; a pin belongs to one device (remove it from one of the two descriptors)");
            }
        }
        pins.forEach(p -> owners.put(p, device));
    }

    /**
     * @param device a device id whose pins become free
     */
    synchronized void release(String device) {
        owners.values().removeIf(device::equals);
    }

    /**
     * @param pin a BCM number
     * @return the device holding it, or {@code null}
     */
    synchronized String owner(int pin) {
        return owners.get(pin);
    }
}
