package org.mviot.edge.timesync.internal.ntp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.SocketTimeoutException;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SntpClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** The correctness tolerance of issue 12: a loopback exchange measures a known offset to within 5 ms. */
    private static final long TOLERANCE_NANOS = 5_000_000;

    private final SntpClient client = new SntpClient();

    @ParameterizedTest
    @ValueSource(longs = {2_000_000_000L, -2_000_000_000L, 0L, 1_234_567L})
    void measuresTheOffsetOfAServerWhoseClockIsKnownToWithinFiveMilliseconds(long offsetNanos) throws Exception {
        try (ScriptedNtpServer server = new ScriptedNtpServer(offsetNanos)) {
            // as the clock filter does: of a few exchanges, the one with the least delay (a cold first one may be lopsided)
            NtpSample s = client.query("scripted", server.address(), TIMEOUT);
            for (int i = 0; i < 3; i++) {
                NtpSample next = client.query("scripted", server.address(), TIMEOUT);
                s = next.delayNanos() < s.delayNanos() ? next : s;
            }

            assertThat(s.offsetNanos()).isBetween(offsetNanos - TOLERANCE_NANOS, offsetNanos + TOLERANCE_NANOS);
            assertThat(s.delayNanos()).isNotNegative();
            assertThat(s.stratum()).isEqualTo(2);
        }
    }

    @Test
    void reportsTheServersStratumRootDelayAndDispersion() throws Exception {
        try (ScriptedNtpServer server = new ScriptedNtpServer(0).stratum(5)) {
            NtpSample s = client.query("scripted", server.address(), TIMEOUT);

            assertThat(s.stratum()).isEqualTo(5);
            assertThat(s.rootDelayNanos()).isEqualTo(488_281); // 0x20 / 65536 s
            assertThat(s.rootDispersionNanos()).isEqualTo(244_140); // 0x10 / 65536 s
            assertThat(s.rootDistanceNanos()).isGreaterThanOrEqualTo(s.rootDispersionNanos() + s.rootDelayNanos() / 2);
        }
    }

    @Test
    void refusesAServerThatSaysItsClockIsUnsynchronizedWithLeapThree() throws Exception {
        try (ScriptedNtpServer server = new ScriptedNtpServer(0).leap(3)) {
            assertThatThrownBy(() -> client.query("scripted", server.address(), TIMEOUT))
                    .isInstanceOfSatisfying(NtpRefusal.class, r -> assertThat(r.kind()).isEqualTo(NtpRefusal.Kind.UNSYNCHRONIZED))
                    .hasMessageContaining("scripted").hasMessageContaining("leap 3");
        }
    }

    @Test
    void refusesAServerAtStratumSixteen() throws Exception {
        try (ScriptedNtpServer server = new ScriptedNtpServer(0).stratum(16)) {
            assertThatThrownBy(() -> client.query("scripted", server.address(), TIMEOUT))
                    .isInstanceOfSatisfying(NtpRefusal.class, r -> assertThat(r.kind()).isEqualTo(NtpRefusal.Kind.UNSYNCHRONIZED));
        }
    }

    @Test
    void takesAKissOfDeathRateAsARequestToBackOff() throws Exception {
        try (ScriptedNtpServer server = new ScriptedNtpServer(0).kiss("RATE")) {
            assertThatThrownBy(() -> client.query("scripted", server.address(), TIMEOUT))
                    .isInstanceOfSatisfying(NtpRefusal.class, r -> assertThat(r.kind()).isEqualTo(NtpRefusal.Kind.KISS_RATE))
                    .hasMessageContaining("Kiss-o'-Death RATE");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"DENY", "RSTR"})
    void takesAKissOfDeathDenyOrRestrictAsAnOrderToStop(String code) throws Exception {
        try (ScriptedNtpServer server = new ScriptedNtpServer(0).kiss(code)) {
            assertThatThrownBy(() -> client.query("scripted", server.address(), TIMEOUT))
                    .isInstanceOfSatisfying(NtpRefusal.class, r -> assertThat(r.kind()).isEqualTo(NtpRefusal.Kind.KISS_DENY));
        }
    }

    @Test
    void refusesStratumZeroWithAnUnknownKissCode() throws Exception {
        try (ScriptedNtpServer server = new ScriptedNtpServer(0).kiss("ACST")) {
            assertThatThrownBy(() -> client.query("scripted", server.address(), TIMEOUT))
                    .isInstanceOfSatisfying(NtpRefusal.class, r -> assertThat(r.kind()).isEqualTo(NtpRefusal.Kind.KISS_OTHER));
        }
    }

    @Test
    void ignoresAReplyThatDoesNotEchoTheRequestsTransmitTimestamp() throws Exception {
        try (ScriptedNtpServer server = new ScriptedNtpServer(0).wrongOrigin(true)) {
            assertThatThrownBy(() -> client.query("scripted", server.address(), Duration.ofMillis(300)))
                    .isInstanceOf(SocketTimeoutException.class).hasMessageContaining("did not answer");
            assertThat(server.requests()).isEqualTo(1);
        }
    }

    @Test
    void refusesAReplyInClientModeAsBogus() {
        NtpPacket p = new NtpPacket(0, 4, NtpPacket.MODE_CLIENT, 2, 6, -20, 0, 0, 0, 1, 1, 1L << 40, 1L << 40);
        assertThatThrownBy(() -> SntpClient.check("x", p, 0, 1, 0))
                .isInstanceOfSatisfying(NtpRefusal.class, r -> assertThat(r.kind()).isEqualTo(NtpRefusal.Kind.BOGUS));
    }

    @Test
    void refusesAServerWhoseOwnErrorBoundExceedsOneAndAHalfSeconds() {
        long now = NtpTimestamp.fromUnixNanos(1_800_000_000_000_000_000L);
        NtpPacket p = new NtpPacket(0, 4, NtpPacket.MODE_SERVER, 3, 6, -20, 0, 2L << 16, 0, now, 1, now, now);
        assertThatThrownBy(() -> SntpClient.check("x", p, 1_800_000_000_000_000_000L, 1_800_000_000_000_000_000L, 0))
                .isInstanceOfSatisfying(NtpRefusal.class, r -> assertThat(r.kind()).isEqualTo(NtpRefusal.Kind.ROOT_DISTANCE));
    }
}
