package org.mviot.edge.launcher.console;

import java.lang.management.ManagementFactory;
import java.util.List;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * The console's TLS cipher suites, in the server's order of preference: only ephemeral key exchange and
 * authenticated encryption (TLS 1.3's suites and TLS 1.2's ECDHE with AES-GCM or ChaCha20-Poly1305), AES-GCM
 * first where this JVM computes it with the CPU's AES instructions, ChaCha20-Poly1305 first where it cannot.
 *
 * <p>HotSpot's AES and GHASH intrinsics are used by its optimizing compiler (C2) only: the board profiles run
 * C1 alone ({@code -XX:TieredStopAtLevel=1}), where AES-GCM is plain Java and costs about three times what
 * ChaCha20-Poly1305 does (the queue's sealing measured it, cloud-mqtt README). Every stream of live values
 * is encrypted record by record, so on those boards the cipher is most of what a viewer costs.
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

    /** @return the suites for this JVM, in order of preference */
    public static List<String> forThisJvm() {
        return ordered(compilesWithC2());
    }

    /**
     * @param c2 whether the JVM compiles hot code with C2
     * @return the suites in order of preference
     */
    static List<String> ordered(boolean c2) {
        return c2 ? AES_FIRST : CHACHA_FIRST;
    }

    /**
     * @param tieredStopAtLevel the value of {@code -XX:TieredStopAtLevel} (4 by default)
     * @param vmInfo            {@code java.vm.info} ("interpreted mode" with {@code -Xint})
     * @return whether C2 compiles hot code
     */
    static boolean compilesWithC2(String tieredStopAtLevel, String vmInfo) {
        if (vmInfo != null && vmInfo.contains("interpreted mode")) {
            return false;
        }
        try {
            return Integer.parseInt(tieredStopAtLevel.trim()) >= 4;
        } catch (NumberFormatException | NullPointerException e) {
            return true;
        }
    }

    private static boolean compilesWithC2() {
        String level;
        try {
            level = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption("TieredStopAtLevel").getValue();
        } catch (RuntimeException e) {
            // not HotSpot: no intrinsics to lose, keep the common order
            level = "4";
        }
        return compilesWithC2(level, System.getProperty("java.vm.info"));
    }
}
