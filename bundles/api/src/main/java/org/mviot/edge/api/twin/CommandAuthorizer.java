package org.mviot.edge.api.twin;

import java.util.Objects;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides whether a command's sender may set that property of that thing (SecR-RecR-2). The core
 * allows everything while no authorizer is registered; the security bundle registers the real policy.
 */
@ConsumerType
public interface CommandAuthorizer {

    /**
     * The decision on one command.
     *
     * @param allowed whether the command may proceed
     * @param reason  why it is denied, empty when allowed
     */
    record Decision(boolean allowed, String reason) {
        /** Allows. */
        public static final Decision ALLOW = new Decision(true, "");

        /**
         * Checks the fields.
         *
         * @param allowed allowed
         * @param reason  reason
         */
        public Decision {
            Objects.requireNonNull(reason, "reason");
        }

        /**
         * @param reason why
         * @return a denial
         */
        public static Decision deny(String reason) {
            return new Decision(false, reason);
        }
    }

    /**
     * @param command the command
     * @return the decision; never {@code null}
     */
    Decision authorize(Command command);
}
