package org.mviot.edge.core.internal.acquisition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.mviot.edge.api.device.Acquisition;
import org.mviot.edge.api.device.ChannelSpec;

/**
 * Fixed-rate poll groups of one device. The device ticks at the greatest common divisor of its
 * channels' periods; at each tick every channel whose period has come round is due, and all due
 * channels go to the driver in one call, so channels with periods 1 s and 5 s are read together
 * every fifth second.
 *
 * <p>A device has few distinct periods, so few distinct sets of due channels: each set's list is
 * built once and handed out again (the same instance, which lets the driver keep its read plan).
 */
public final class PollPlan {

    /** Most distinct lists of due channels kept; beyond, lists are built per tick. */
    private static final int MAX_CACHED = 64;

    private final long tickMillis;
    private final ChannelSpec[] channels;
    /** The distinct periods, in ticks. */
    private final long[] periods;
    /** Per channel, the index of its period in {@link #periods}. */
    private final int[] periodOf;
    /** Lists of due channels by the bit set of the periods that came round. */
    private final Map<Long, List<ChannelSpec>> lists = new HashMap<>();

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
        this.periodOf = new int[this.channels.length];
        List<Long> distinct = new ArrayList<>();
        for (int i = 0; i < this.channels.length; i++) {
            long every = Math.max(1, ((Acquisition.Poll) this.channels[i].acquisition()).period().toMillis()) / gcd;
            int j = distinct.indexOf(every);
            if (j < 0) {
                j = distinct.size();
                distinct.add(every);
            }
            periodOf[i] = j;
        }
        this.periods = distinct.stream().mapToLong(Long::longValue).toArray();
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
     * @return the channels due at that tick, in the order of the descriptor (unmodifiable)
     */
    public synchronized List<ChannelSpec> due(long tick) {
        if (periods.length >= Long.SIZE) {
            return build(tick, 0, false);
        }
        long mask = 0;
        for (int j = 0; j < periods.length; j++) {
            if (tick % periods[j] == 0) {
                mask |= 1L << j;
            }
        }
        List<ChannelSpec> list = lists.get(mask);
        if (list == null) {
            list = build(tick, mask, true);
            if (lists.size() < MAX_CACHED) {
                lists.put(mask, list);
            }
        }
        return list;
    }

    private List<ChannelSpec> build(long tick, long mask, boolean byMask) {
        List<ChannelSpec> out = new ArrayList<>();
        for (int i = 0; i < channels.length; i++) {
            boolean due = byMask ? (mask >>> periodOf[i] & 1) != 0 : tick % periods[periodOf[i]] == 0;
            if (due) {
                out.add(channels[i]);
            }
        }
        return List.copyOf(out);
    }
}
