package org.mviot.edge.launcher.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mviot.edge.launcher.framework.FastAead;

class ConsoleCipherSuitesTest {

    @Test
    void theFasterCipherOfThisJvmComesFirst() {
        assertThat(ConsoleCipherSuites.ordered(FastAead.CHACHA20_POLY1305).get(0)).isEqualTo("TLS_CHACHA20_POLY1305_SHA256");
        assertThat(ConsoleCipherSuites.ordered(FastAead.AES_GCM).get(0)).isEqualTo("TLS_AES_128_GCM_SHA256");
    }

    @Test
    void bothOrdersOfferTheSameSuitesAllWithEphemeralKeysAndAuthenticatedEncryption() {
        assertThat(ConsoleCipherSuites.ordered(FastAead.AES_GCM)).containsExactlyInAnyOrderElementsOf(ConsoleCipherSuites.ordered(FastAead.CHACHA20_POLY1305));
        assertThat(ConsoleCipherSuites.ordered(FastAead.AES_GCM)).allMatch(s -> (s.startsWith("TLS_AES_") || s.startsWith("TLS_CHACHA20_") || s.startsWith("TLS_ECDHE_"))
                && (s.contains("_GCM_") || s.contains("CHACHA20_POLY1305")));
    }
}
