package org.mviot.edge.timesync.internal.ntp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class NtpTimestampTest {

    @Test
    void theUnixEpochIs2208988800NtpSeconds() {
        assertThat(NtpTimestamp.fromUnixNanos(0) >>> 32).isEqualTo(2_208_988_800L);
        assertThat(NtpTimestamp.toUnixNanos(2_208_988_800L << 32)).isZero();
    }

    @Test
    void secondsPastThe2036WrapAreReadInTheNextEra() {
        // 2036-02-07T06:28:16Z is NTP second 2^32: the 32-bit field wraps to 0
        long wrapped = NtpTimestamp.fromUnixNanos(Instant.parse("2036-02-07T06:28:16Z").getEpochSecond() * 1_000_000_000L);
        assertThat(wrapped >>> 32).isZero();
        assertThat(Instant.ofEpochSecond(NtpTimestamp.toUnixNanos(wrapped) / 1_000_000_000L)).isEqualTo(Instant.parse("2036-02-07T06:28:16Z"));
    }

    @Test
    void aRoundTripLosesLessThanANanosecond() {
        long nanos = Instant.parse("2026-12-07T11:30:01.123456789Z").getEpochSecond() * 1_000_000_000L + 123_456_789;
        assertThat(NtpTimestamp.toUnixNanos(NtpTimestamp.fromUnixNanos(nanos))).isBetween(nanos - 1, nanos + 1);
    }

    @Test
    void theShortFormatIsSixteenDotSixteenSeconds() {
        assertThat(NtpTimestamp.shortToNanos(1L << 16)).isEqualTo(1_000_000_000L);
        assertThat(NtpTimestamp.shortToNanos(1L << 15)).isEqualTo(500_000_000L);
    }

    @Test
    void aPacketSurvivesEncodingAndDecoding() {
        NtpPacket p = new NtpPacket(1, 4, 4, 3, 6, -23, 0x1234, 0x5678, 0x7F000001, 42L, -1L, 1L << 63, 77L);
        byte[] b = p.encode();
        assertThat(b).hasSize(NtpPacket.LENGTH);
        assertThat(NtpPacket.decode(b, b.length)).isEqualTo(p);
    }
}
