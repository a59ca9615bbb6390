package org.mviot.edge.api.twin;

import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/** The answer to every {@link Command} (IR-RecR-5): done, rejected, failed or timed out. */
@ProviderType
public sealed interface CommandResult
        permits CommandResult.Done, CommandResult.Rejected, CommandResult.Failed, CommandResult.TimedOut {

    /**
     * @return the command's correlation id
     */
    String correlationId();

    /**
     * The device accepted the value.
     *
     * @param correlationId the command's correlation id
     * @param device        device written
     * @param channel       channel written
     * @param written       the value written, in device units
     */
    record Done(String correlationId, String device, String channel, Object written) implements CommandResult {
        /**
         * Checks the fields.
         *
         * @param correlationId correlation id
         * @param device        device
         * @param channel       channel
         * @param written       value
         */
        public Done {
            Objects.requireNonNull(correlationId, "correlationId");
        }
    }

    /**
     * The gateway refused the command before reaching the device: not authorized, no such writable
     * property, wrong value type, out of range.
     *
     * @param correlationId the command's correlation id
     * @param reason        why, naming the device and channel where known
     */
    record Rejected(String correlationId, String reason) implements CommandResult {
        /**
         * Checks the fields.
         *
         * @param correlationId correlation id
         * @param reason        reason
         */
        public Rejected {
            Objects.requireNonNull(correlationId, "correlationId");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The device or driver failed to carry out the write.
     *
     * @param correlationId the command's correlation id
     * @param reason        why, naming the device and channel
     */
    record Failed(String correlationId, String reason) implements CommandResult {
        /**
         * Checks the fields.
         *
         * @param correlationId correlation id
         * @param reason        reason
         */
        public Failed {
            Objects.requireNonNull(correlationId, "correlationId");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The write did not finish within its timeout; whether the device acted is unknown.
     *
     * @param correlationId the command's correlation id
     * @param timeoutMillis the timeout that passed
     */
    record TimedOut(String correlationId, long timeoutMillis) implements CommandResult {
        /**
         * Checks the fields.
         *
         * @param correlationId correlation id
         * @param timeoutMillis timeout
         */
        public TimedOut {
            Objects.requireNonNull(correlationId, "correlationId");
        }
    }
}
