package org.mviot.edge.timesync.internal.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * systemd-timesyncd needs systemd as PID 1, which this build machine does not run: the output below
 * is real output of {@code timedatectl} as published in the Arch Linux wiki (systemd-timesyncd page)
 * and systemd's own property names.
 */
class TimesyncdStatusTest {

    private static final String SHOW = """
            Timezone=Europe/Berlin
            LocalRTC=no
            CanNTP=yes
            NTP=yes
            NTPSynchronized=yes
            TimeUSec=Mon 2026-12-07 11:30:01 CET
            RTCTimeUSec=Mon 2026-12-07 11:30:01 CET
            """;
    private static final String SHOW_TIMESYNC = """
            LinkNTPServers=
            SystemNTPServers=
            FallbackNTPServers=0.arch.pool.ntp.org 1.arch.pool.ntp.org 2.arch.pool.ntp.org 3.arch.pool.ntp.org
            ServerName=0.arch.pool.ntp.org
            ServerAddress=103.47.76.177
            RootDistanceMaxUSec=5s
            PollIntervalMinUSec=32s
            PollIntervalMaxUSec=34min 8s
            PollIntervalUSec=1min 4s
            NTPMessage={ Leap=0, Version=4, Mode=4, Stratum=2, Precision=-21, RootDelay=177.398ms, RootDispersion=142.196ms, \
            Reference=C342F10A, OriginateTimestamp=Mon 2018-07-16 13:53:43 +08, ReceiveTimestamp=Mon 2018-07-16 13:53:43 +08, \
            TransmitTimestamp=Mon 2018-07-16 13:53:43 +08, DestinationTimestamp=Mon 2018-07-16 13:53:43 +08, Ignored=no PacketCount=1, Jitter=0 }
            Frequency=22520548
            """;

    @Test
    void readsSyncStateServerStratumAndErrorBound() {
        TimesyncdStatus s = TimesyncdStatus.parse(SHOW, SHOW_TIMESYNC).orElseThrow();

        assertThat(s.synced()).isTrue();
        assertThat(s.server()).isEqualTo("0.arch.pool.ntp.org (103.47.76.177)");
        assertThat(s.stratum()).isEqualTo(2);
        assertThat(s.leap()).isZero();
        assertThat(s.rootDelayNanos()).isEqualTo(177_398_000L);
        assertThat(s.rootDispersionNanos()).isEqualTo(142_196_000L);
        assertThat(s.jitterNanos()).isZero();
        assertThat(s.errorBoundNanos()).isEqualTo(142_196_000L + 88_699_000L);
    }

    @Test
    void readsMicrosecondsAndNewerCommaSeparatedMessages() {
        TimesyncdStatus s = TimesyncdStatus.parse(SHOW, "NTPMessage={ Leap=0, Stratum=1, RootDelay=0, RootDispersion=30us, Ignored=no, "
                + "PacketCount=9, Jitter=11.984ms }\n").orElseThrow();

        assertThat(s.rootDispersionNanos()).isEqualTo(30_000);
        assertThat(s.rootDelayNanos()).isZero();
        assertThat(s.jitterNanos()).isEqualTo(11_984_000);
        assertThat(s.server()).isEmpty();
    }

    @Test
    void notSynchronizedIsNotSynced() {
        assertThat(TimesyncdStatus.parse("NTP=yes\nNTPSynchronized=no\n", "").orElseThrow().synced()).isFalse();
    }

    @Test
    void withoutTheTimesyncPropertiesTheBoundIsUnknown() {
        TimesyncdStatus s = TimesyncdStatus.parse("NTPSynchronized=yes\n", "").orElseThrow();

        assertThat(s.errorBoundNanos()).isEqualTo(-1);
        assertThat(s.stratum()).isEqualTo(-1);
    }

    @Test
    void anythingElseIsNoStatus() {
        assertThat(TimesyncdStatus.parse("System has not been booted with systemd as init system (PID 1). Can't operate.\n", "")).isEmpty();
    }
}
