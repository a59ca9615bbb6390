package org.mviot.edge.launcher.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConsoleCipherSuitesTest {

    @Test
    void aJvmStoppedAtC1OrInterpretingPrefersChaCha20AndOneWithC2PrefersAesGcm() {
        assertThat(ConsoleCipherSuites.compilesWithC2("1", "mixed mode, sharing")).isFalse();
        assertThat(ConsoleCipherSuites.compilesWithC2("3", "mixed mode")).isFalse();
        assertThat(ConsoleCipherSuites.compilesWithC2("4", "interpreted mode, sharing")).isFalse();
        assertThat(ConsoleCipherSuites.compilesWithC2("4", "mixed mode, sharing")).isTrue();
        assertThat(ConsoleCipherSuites.ordered(false).get(0)).isEqualTo("TLS_CHACHA20_POLY1305_SHA256");
        assertThat(ConsoleCipherSuites.ordered(true).get(0)).isEqualTo("TLS_AES_128_GCM_SHA256");
    }

    @Test
    void bothOrdersOfferTheSameSuitesAllWithEphemeralKeysAndAuthenticatedEncryption() {
        assertThat(ConsoleCipherSuites.ordered(true)).containsExactlyInAnyOrderElementsOf(ConsoleCipherSuites.ordered(false));
        assertThat(ConsoleCipherSuites.ordered(true)).allMatch(s -> (s.startsWith("TLS_AES_") || s.startsWith("TLS_CHACHA20_") || s.startsWith("TLS_ECDHE_"))
                && (s.contains("_GCM_") || s.contains("CHACHA20_POLY1305")));
    }
}
