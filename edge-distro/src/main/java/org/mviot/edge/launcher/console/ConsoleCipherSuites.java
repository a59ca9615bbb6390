package org.mviot.edge.launcher.console;

import java.util.List;

import org.mviot.edge.launcher.framework.FastAead;

/**
 * The console's TLS cipher suites, in the server's order of preference: only ephemeral key exchange and
 * authenticated encryption (TLS 1.3's suites and TLS 1.2's ECDHE with AES-GCM or ChaCha20-Poly1305), AES-GCM
 * first where this JVM computes it with the CPU's AES instructions, ChaCha20-Poly1305 first where it cannot
 * ({@link FastAead}, the launcher's one decision, which the queue's {@code queue.cipher=auto} follows too).
 * Every stream of live values is encrypted record by record, so on the C1-only boards the cipher is most of
 * what a viewer costs.
 */
public final class ConsoleCipherSuites {

    private static final List<String> AES_FIRST = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private static final List<String> CHACHA_FIRST = List.of(
            "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");

    private ConsoleCipherSuites() {
    }

    /**
     * @param fast the cipher this JVM on this CPU computes faster ({@link FastAead#ofThisProcess()})
     * @return the suites in order of preference: that cipher's first
     */
    public static List<String> ordered(FastAead fast) {
        return fast == FastAead.AES_GCM ? AES_FIRST : CHACHA_FIRST;
    }
}
