package org.mviot.edge.driver.coap.internal;

import java.util.concurrent.atomic.AtomicLong;

import org.mviot.edge.driver.coap.internal.payload.MalformedPayloadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts a device's payloads that could not give a channel's value, and words the reason the core
 * shows: a device sending garbage is reported, channel by channel, never a crash.
 */
final class MalformedPayloads {

    private static final Logger LOG = LoggerFactory.getLogger(MalformedPayloads.class);

    private final String device;
    private final AtomicLong count = new AtomicLong();

    MalformedPayloads(String device) {
        this.device = device;
    }

    /**
     * @param path    the resource
     * @param channel the channel that could not be read
     * @param e       what was wrong (its message quotes device text shortened and escaped)
     * @return the reason for the channel's failed reading
     */
    String record(String path, String channel, MalformedPayloadException e) {
        long n = count.incrementAndGet();
        LOG.debug("device '{}' channel '{}': malformed payload from {} (#{}): {}", device, channel, path, n, e.getMessage());
        return "malformed payload from " + path + " (" + n + " so far on this device): " + e.getMessage();
    }

    /**
     * @return how many channel values could not be taken from payloads since the device was opened
     */
    long count() {
        return count.get();
    }
}
