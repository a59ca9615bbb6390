package org.mviot.edge.broker.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RefusedConnectionsTest {

    private final AtomicLong nanos = new AtomicLong(1_000);
    private final RefusedConnections refused = new RefusedConnections(nanos::get);

    @Test
    void aFloodOfRefusedClientsIsOneLineAMinutePerReasonButEveryOneIsCounted() {
        assertThat(refused.refused(RefusedConnections.Reason.ANONYMOUS, "a1", null)).as("the first").isTrue();
        for (int i = 0; i < 1_000; i++) {
            nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(10));
            assertThat(refused.refused(RefusedConnections.Reason.ANONYMOUS, "flood-" + i, null)).isFalse();
        }
        // another reason has its own first line
        assertThat(refused.refused(RefusedConnections.Reason.RESERVED_CLIENT_ID, "gw-1", "client")).isTrue();
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(RefusedConnections.INTERVAL_SECONDS));

        assertThat(refused.refused(RefusedConnections.Reason.ANONYMOUS, "later", null)).as("a minute on").isTrue();
        assertThat(refused.count(RefusedConnections.Reason.ANONYMOUS)).isEqualTo(1_002);
        assertThat(refused.count(RefusedConnections.Reason.BAD_LOGIN)).isZero();
    }
}
