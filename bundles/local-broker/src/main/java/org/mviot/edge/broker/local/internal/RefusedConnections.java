package org.mviot.edge.broker.local.internal;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the connections the local broker refused, by reason, and tells them in the log without
 * letting a flood of attempts flood the log: the first refusal of a reason is one WARN line, later
 * ones at most one line per {@link #INTERVAL_SECONDS} s with the count since. The client id and user
 * name a client sent are quoted escaped and cut ({@link LanPermissions#printable}).
 */
final class RefusedConnections {

    /** Why a connection was refused. */
    enum Reason {
        /** no user name or password */
        ANONYMOUS("without a login (anonymous clients are not accepted)"),
        /** a user name or password that matches no login */
        BAD_LOGIN("with a wrong user name or password"),
        /** a local client with the gateway's client id */
        RESERVED_CLIENT_ID("with the gateway's own client id (reserved: it would take over the gateway's session)");

        private final String words;

        Reason(String words) {
            this.words = words;
        }
    }

    static final long INTERVAL_SECONDS = 60;

    private static final Logger LOG = LoggerFactory.getLogger(RefusedConnections.class);

    private final LongSupplier nanos;
    private final Map<Reason, long[]> state = new EnumMap<>(Reason.class);

    /** @param nanos the clock ({@code System::nanoTime}) */
    RefusedConnections(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /**
     * @param reason   why
     * @param clientId the client id it sent
     * @param user     the user name it sent, or {@code null}
     * @return whether this refusal was logged (the others are counted)
     */
    synchronized boolean refused(Reason reason, String clientId, String user) {
        // [0] total, [1] not yet logged, [2] when last logged
        long[] s = state.computeIfAbsent(reason, r -> new long[] {0, 0, 0});
        s[0]++;
        long now = nanos.getAsLong();
        if (s[0] > 1 && now - s[2] < TimeUnit.SECONDS.toNanos(INTERVAL_SECONDS)) {
            s[1]++;
            return false;
        }
        LOG.warn("local MQTT broker refused client '{}'{} {}{}", LanPermissions.printable(clientId),
                user == null ? "" : " (user '" + LanPermissions.printable(user) + "')", reason.words,
                s[1] == 0 ? "" : "; " + s[1] + " more refused so since the last such line");
        s[1] = 0;
        s[2] = now;
        return true;
    }

    /**
     * @param reason a reason
     * @return connections refused for it since the broker started
     */
    synchronized long count(Reason reason) {
        long[] s = state.get(reason);
        return s == null ? 0 : s[0];
    }
}
