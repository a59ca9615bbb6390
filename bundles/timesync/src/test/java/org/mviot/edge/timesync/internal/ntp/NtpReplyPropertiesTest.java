package org.mviot.edge.timesync.internal.ntp;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Whatever a network peer sends, checking a reply either yields a sample or refuses it; nothing else
 * escapes. More tries: {@code -Djqwik.tries.default=100000}.
 */
class NtpReplyPropertiesTest {

    private static final long T1 = 1_796_643_000_000_000_000L;

    @Property
    void anyFortyEightBytesAreEitherASampleOrARefusal(@ForAll @Size(min = 48, max = 96) byte[] datagram) {
        NtpPacket p = NtpPacket.decode(datagram, datagram.length);
        try {
            NtpSample s = SntpClient.check("fuzz", p, T1, T1 + 1_000_000, 0);
            assertThat(s.stratum()).isBetween(1, 15);
            assertThat(s.delayNanos()).isNotNegative();
        } catch (NtpRefusal r) {
            assertThat(r.kind()).isNotNull();
        }
    }

    @Property
    void aValidServerReplyWithOneByteChangedNeverEscapesTheChecks(@ForAll("mutated") byte[] datagram) {
        NtpPacket p = NtpPacket.decode(datagram, datagram.length);
        try {
            SntpClient.check("fuzz", p, T1, T1 + 1_000_000, 0);
        } catch (NtpRefusal r) {
            assertThat(r.getMessage()).startsWith("NTP server fuzz refused");
        }
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        long ts = NtpTimestamp.fromUnixNanos(T1 + 500_000);
        byte[] good = new NtpPacket(0, 4, 4, 2, 6, -20, 0x20, 0x10, 0x7F000001, ts, 99, ts, ts).encode();
        return Arbitraries.integers().between(0, NtpPacket.LENGTH - 1).flatMap(i -> Arbitraries.bytes().map(b -> {
            byte[] copy = good.clone();
            copy[i] = b;
            return copy;
        }));
    }
}
