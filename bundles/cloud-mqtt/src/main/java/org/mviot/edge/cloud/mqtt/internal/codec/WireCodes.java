package org.mviot.edge.cloud.mqtt.internal.codec;

import org.mviot.edge.api.device.Access;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.sample.Quality;
import org.mviot.edge.api.time.TimeSource;

/**
 * The fixed byte that stands for each constant of an api enum in a queue record (issue 9, item 3).
 * Records outlive versions of the api: a code, once given, keeps its meaning for ever, whatever
 * order the constants take in a later api release. Codes 0..n are the ordinals the constants had
 * when queues were first written (format 1), so records written then read the same. A constant
 * added later gets the next free code here; until it has one, an update carrying it is refused at
 * append ({@link UnencodableUpdateException}) rather than stored with a guessed meaning. A code not
 * in a table reads as {@code null}: the record is undecodable, never a crash.
 *
 * <p>The switches are on the constants themselves (by name at run time), never on ordinals.
 */
public final class WireCodes {

    private WireCodes() {
    }

    /**
     * @param q a quality
     * @return its code
     * @throws UnencodableUpdateException if it has none yet
     */
    public static byte code(Quality q) {
        return switch (q) {
            case GOOD -> 0;
            case UNCERTAIN -> 1;
            case BAD -> 2;
            case STALE -> 3;
            default -> throw new UnencodableUpdateException("quality " + q + " has no queue wire code");
        };
    }

    /**
     * @param code a stored code
     * @return its quality, or {@code null} if the code is unknown
     */
    public static Quality quality(int code) {
        return switch (code) {
            case 0 -> Quality.GOOD;
            case 1 -> Quality.UNCERTAIN;
            case 2 -> Quality.BAD;
            case 3 -> Quality.STALE;
            default -> null;
        };
    }

    /**
     * @param s a time source
     * @return its code
     * @throws UnencodableUpdateException if it has none yet
     */
    public static byte code(TimeSource s) {
        return switch (s) {
            case SYNCED -> 0;
            case SYSTEM_CLOCK -> 1;
            case DEVICE -> 2;
            default -> throw new UnencodableUpdateException("time source " + s + " has no queue wire code");
        };
    }

    /**
     * @param code a stored code
     * @return its time source, or {@code null} if the code is unknown
     */
    public static TimeSource timeSource(int code) {
        return switch (code) {
            case 0 -> TimeSource.SYNCED;
            case 1 -> TimeSource.SYSTEM_CLOCK;
            case 2 -> TimeSource.DEVICE;
            default -> null;
        };
    }

    /**
     * @param t a channel type
     * @return its code
     * @throws UnencodableUpdateException if it has none yet
     */
    public static byte code(ChannelType t) {
        return switch (t) {
            case BOOLEAN -> 0;
            case INTEGER -> 1;
            case DOUBLE -> 2;
            case STRING -> 3;
            default -> throw new UnencodableUpdateException("channel type " + t + " has no queue wire code");
        };
    }

    /**
     * @param code a stored code
     * @return its channel type, or {@code null} if the code is unknown
     */
    public static ChannelType channelType(int code) {
        return switch (code) {
            case 0 -> ChannelType.BOOLEAN;
            case 1 -> ChannelType.INTEGER;
            case 2 -> ChannelType.DOUBLE;
            case 3 -> ChannelType.STRING;
            default -> null;
        };
    }

    /**
     * @param a an access
     * @return its code
     * @throws UnencodableUpdateException if it has none yet
     */
    public static byte code(Access a) {
        return switch (a) {
            case READ -> 0;
            case WRITE -> 1;
            case READ_WRITE -> 2;
            default -> throw new UnencodableUpdateException("access " + a + " has no queue wire code");
        };
    }

    /**
     * @param code a stored code
     * @return its access, or {@code null} if the code is unknown
     */
    public static Access access(int code) {
        return switch (code) {
            case 0 -> Access.READ;
            case 1 -> Access.WRITE;
            case 2 -> Access.READ_WRITE;
            default -> null;
        };
    }
}
