package org.mviot.edge.cloud.mqtt.internal.seal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Whether the CPU has AES instructions, read from {@code /proc/cpuinfo}: the flag {@code aes} in the
 * {@code flags} line (x86: AES-NI) or the {@code Features} line (ARM: ARMv8 crypto extensions). It
 * picks the queue's cipher when the hardware profile does not name one.
 *
 * <p>AES instructions help only through HotSpot's AES and GHASH intrinsics, which its optimizing
 * compiler (C2) alone uses: a JVM limited to C1 ({@code -XX:TieredStopAtLevel=1}, as the small
 * boards' profiles run it) or interpreting ({@code -Xint}) computes AES-GCM in plain Java, ~5.5 µs
 * for an 82-byte record on this project's x86 build machine against ~1.9 µs for ChaCha20-Poly1305
 * (README, "Encryption at rest"): there {@code auto} takes ChaCha20-Poly1305 whatever the CPU has.
 */
public final class CpuFeatures {

    /** Where Linux describes the CPU. */
    public static final Path CPUINFO = Path.of("/proc/cpuinfo");

    private CpuFeatures() {
    }

    /**
     * @param cpuinfo the file ({@link #CPUINFO}, or a copy in a test)
     * @return whether a flags/Features line lists {@code aes}; false when the file cannot be read
     */
    public static boolean hasAes(Path cpuinfo) {
        List<String> lines;
        try {
            lines = Files.readAllLines(cpuinfo, StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            return false;
        }
        for (String line : lines) {
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
     * @param cpuinfo the file
     * @return AES-GCM with AES instructions and C2, else ChaCha20-Poly1305 (for this JVM's options)
     */
    public static SealCipher bestCipher(Path cpuinfo) {
        return bestCipher(cpuinfo, java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    /**
     * @param cpuinfo      the file
     * @param jvmArguments the JVM's options
     * @return AES-GCM with AES instructions and C2, else ChaCha20-Poly1305
     */
    static SealCipher bestCipher(Path cpuinfo, List<String> jvmArguments) {
        return hasAes(cpuinfo) && compilesWithC2(jvmArguments) ? SealCipher.AES_GCM : SealCipher.CHACHA20_POLY1305;
    }

    /**
     * @param jvmArguments the JVM's options (HotSpot: the last of a repeated option wins)
     * @return whether HotSpot's C2 compiles hot code: not with {@code -Xint} or a tiered stop below level 4
     */
    static boolean compilesWithC2(List<String> jvmArguments) {
        boolean c2 = true;
        for (String a : jvmArguments) {
            if (a.equals("-Xint")) {
                c2 = false;
            } else if (a.equals("-Xmixed")) {
                c2 = true;
            } else if (a.startsWith("-XX:TieredStopAtLevel=")) {
                c2 = !a.matches("-XX:TieredStopAtLevel=[0-3]");
            }
        }
        return c2;
    }
}
