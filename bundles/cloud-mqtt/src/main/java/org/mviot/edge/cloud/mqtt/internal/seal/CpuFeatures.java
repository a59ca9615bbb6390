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
     * @return AES-GCM with AES instructions, else ChaCha20-Poly1305
     */
    public static SealCipher bestCipher(Path cpuinfo) {
        return hasAes(cpuinfo) ? SealCipher.AES_GCM : SealCipher.CHACHA20_POLY1305;
    }
}
