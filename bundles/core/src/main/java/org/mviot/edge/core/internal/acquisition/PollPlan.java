package org.mviot.edge.core.internal.acquisition;

import java.util.ArrayList;
import java.util.List;

import org.mviot.edge.api.device.Acquisition;
import org.mviot.edge.api.device.ChannelSpec;

/**
 * Fixed-rate poll groups of one device. The device ticks at the greatest common divisor of its
 * channels' periods; at each tick every channel whose period has come round is due, and all due
 * channels go to the driver in one call, so channels with periods 1 s and 5 s are read together
 * every fifth second.
 */
public final class PollPlan {

    private final long tickMillis;
    private final ChannelSpec[] channels;
    private final long[] every;

    /**
     * @param channels all channels of the device; only readable polled ones take part
     */
    public PollPlan(List<ChannelSpec> channels) {
        List<ChannelSpec> polled = new ArrayList<>();
        long gcd = 0;
        for (ChannelSpec c : channels) {
            if (c.access().readable() && c.acquisition() instanceof Acquisition.Poll p) {
                polled.add(c);
                gcd = gcd(gcd, Math.max(1, p.period().toMillis()));
            }
        }
        this.tickMillis = gcd;
        this.channels = polled.toArray(new ChannelSpec[0]);
        this.every = new long[this.channels.length];
        for (int i = 0; i < every.length; i++) {
            every[i] = Math.max(1, ((Acquisition.Poll) this.channels[i].acquisition()).period().toMillis()) / gcd;
        }
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** @return the tick period in milliseconds, 0 when nothing is polled */
    public long tickMillis() {
        return tickMillis;
    }

    /**
     * @param tick tick number, from 0
     * @return the channels due at that tick
     */
    public List<ChannelSpec> due(long tick) {
        List<ChannelSpec> out = new ArrayList<>(channels.length);
        for (int i = 0; i < channels.length; i++) {
            if (tick % every[i] == 0) {
                out.add(channels[i]);
            }
        }
        return out;
    }
}
