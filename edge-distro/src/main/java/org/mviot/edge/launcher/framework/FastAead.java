package org.mviot.edge.launcher.framework;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * Which authenticated cipher this JVM on this CPU computes faster, decided once per process by the launcher
 * and handed to the bundles as the framework property {@code mviot.aead.fast}: the queue's
 * {@code queue.cipher=auto} and the console's TLS suite order both follow it.
 *
 * <p>AES-GCM is fast only through HotSpot's AES and GHASH intrinsics, which need the CPU's AES instructions
 * ({@code aes} in {@code /proc/cpuinfo}'s {@code flags} line on x86, {@code Features} on ARM) <em>and</em> are
 * used by the optimizing compiler C2 alone: a JVM limited to C1 ({@code -XX:TieredStopAtLevel=1}, as the small
 * boards' profiles run it) or interpreting ({@code -Xint}) computes AES-GCM in plain Java, about three times
 * the cost of ChaCha20-Poly1305 (cloud-mqtt README, "Encryption at rest"). Anywhere else ChaCha20-Poly1305 wins.
 */
public enum FastAead {

    /** AES-GCM: AES instructions and C2. */
    AES_GCM("aes-gcm"),
    /** ChaCha20-Poly1305: no AES instructions, or no C2 to use them. */
    CHACHA20_POLY1305("chacha20-poly1305");

    /** The framework property that carries {@link #setting()}. */
    public static final String PROPERTY = org.mviot.edge.api.launch.FrameworkProperties.FAST_AEAD;

    /** Where Linux describes the CPU. */
    static final Path CPUINFO = Path.of("/proc/cpuinfo");

    private final String setting;

    FastAead(String setting) {
        this.setting = setting;
    }

    /** @return the name the settings use: {@code aes-gcm} or {@code chacha20-poly1305} */
    public String setting() {
        return setting;
    }

    /** @return the decision for this process (computed at the first call, the same afterwards) */
    public static FastAead ofThisProcess() {
        return ThisProcess.DECISION;
    }

    /**
     * @param aesInstructions whether the CPU has AES instructions
     * @param c2              whether the JVM compiles hot code with C2
     * @return the faster cipher
     */
    static FastAead decide(boolean aesInstructions, boolean c2) {
        return aesInstructions && c2 ? AES_GCM : CHACHA20_POLY1305;
    }

    /**
     * @param cpuinfo the file ({@code /proc/cpuinfo}, or a copy in a test)
     * @return whether a {@code flags}/{@code Features} line lists {@code aes}; false when the file cannot be read
     */
    static boolean hasAesInstructions(Path cpuinfo) {
        String text;
        try {
            text = Files.readString(cpuinfo, StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            return false;
        }
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (key.equals("flags") || key.equals("features")) {
                for (String flag : line.substring(colon + 1).trim().split("\\s+")) {
                    if (flag.equals("aes")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * @param tieredStopAtLevel the value of {@code -XX:TieredStopAtLevel} (4 by default), null when unknown
     * @param vmInfo            {@code java.vm.info} ("interpreted mode" with {@code -Xint})
     * @return whether C2 compiles hot code
     */
    static boolean compilesWithC2(String tieredStopAtLevel, String vmInfo) {
        if (vmInfo != null && vmInfo.contains("interpreted mode")) {
            return false;
        }
        if (tieredStopAtLevel == null) {
            return true;
        }
        try {
            return Integer.parseInt(tieredStopAtLevel.trim()) >= 4;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private static boolean thisJvmCompilesWithC2() {
        String level;
        try {
            level = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption("TieredStopAtLevel").getValue();
        } catch (RuntimeException e) {
            // not HotSpot: no C1-only mode to detect
            level = null;
        }
        return compilesWithC2(level, System.getProperty("java.vm.info"));
    }

    /** Decided once, at first use. */
    private static final class ThisProcess {
        static final FastAead DECISION = decide(hasAesInstructions(CPUINFO), thisJvmCompilesWithC2());
    }
}
