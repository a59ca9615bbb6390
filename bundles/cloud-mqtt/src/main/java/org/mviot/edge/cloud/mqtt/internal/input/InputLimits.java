package org.mviot.edge.cloud.mqtt.internal.input;

/**
 * How much of each input a command from the cloud may carry; everything larger is refused before
 * it is stored, executed or logged (see the bundle README, "Limits"). Each limit names the setting
 * that changes it, for the error response.
 *
 * @param maxPacketBytes        Maximum Packet Size announced in CONNECT ({@code max.packet.bytes})
 * @param maxCommandBytes       a command's MQTT payload ({@code command.max.bytes})
 * @param maxCorrelationBytes   MQTT v5 correlation data ({@code command.max.correlation.bytes})
 * @param maxResponseTopicBytes MQTT v5 response topic, UTF-8 bytes ({@code command.max.response.topic.bytes})
 * @param maxUserProperties     MQTT v5 user properties of a command ({@code command.max.user.properties})
 * @param maxHeaders            Ditto headers of a command ({@code command.max.headers})
 * @param maxHeaderChars        one Ditto header value, one user property (name + value), the Ditto path ({@code command.max.header.chars})
 * @param maxValueChars         one string value a command sets ({@code command.max.value.chars})
 * @param maxWrites             properties one command sets ({@code command.max.writes})
 * @param maxPending            commands accepted and not yet answered ({@code command.max.pending})
 * @param maxPendingBytes       payload bytes of the commands accepted and not yet answered ({@code command.max.pending.bytes})
 */
public record InputLimits(int maxPacketBytes, int maxCommandBytes, int maxCorrelationBytes, int maxResponseTopicBytes,
                          int maxUserProperties, int maxHeaders, int maxHeaderChars, int maxValueChars, int maxWrites, int maxPending,
                          long maxPendingBytes) {

    /** The defaults (the README's table). */
    public static final InputLimits DEFAULTS = new InputLimits(256 * 1024, 64 * 1024, 1024, 512, 32, 64, 1024, 1024, 100, 1000,
            8L * 1024 * 1024);

    /** Checks that every limit is positive and that a command fits in a packet. */
    public InputLimits {
        if (maxPacketBytes < 1024 || maxCommandBytes < 1 || maxCorrelationBytes < 1 || maxResponseTopicBytes < 1 || maxUserProperties < 0
                || maxHeaders < 1 || maxHeaderChars < 16 || maxValueChars < 1 || maxWrites < 1 || maxPending < 1 || maxPendingBytes < 1) {
            throw new IllegalArgumentException("command limits must be positive (max.packet.bytes at least 1024, command.max.header.chars at least 16)");
        }
        if (maxCommandBytes > maxPacketBytes) {
            throw new IllegalArgumentException("command.max.bytes (" + maxCommandBytes + ") is larger than max.packet.bytes (" + maxPacketBytes
                    + "): no command that large can arrive");
        }
        if (maxPendingBytes < maxCommandBytes) {
            throw new IllegalArgumentException("command.max.pending.bytes (" + maxPendingBytes + ") is smaller than command.max.bytes ("
                    + maxCommandBytes + ")");
        }
    }
}
