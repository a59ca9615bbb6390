package org.mviot.edge.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The cipher {@code queue.cipher=auto} takes on this machine for a profile of the built distribution: AES-GCM where the
 * CPU has AES instructions <em>and</em> the profile's JVM runs C2 (HotSpot's AES/GHASH intrinsics are C2's), else
 * ChaCha20-Poly1305. The launcher's {@code FastAead} decides this inside the gateway; this is the tests' own
 * expectation of it, worked out from outside through the files it depends on, so that a wrong decision fails a test.
 */
public final class AutoCipher {

    private AutoCipher() {
    }

    /**
     * @param profile a hardware profile name, e.g. {@code sim}
     * @return the name the gateway twin's {@code queue} feature gives the cipher: {@code aes-gcm} or {@code chacha20-poly1305}
     * @throws IOException when /proc/cpuinfo or the profile cannot be read
     */
    public static String of(String profile) throws IOException {
        boolean aes = Files.readString(Path.of("/proc/cpuinfo")).matches("(?s).*\\b(flags|Features)\\s*:[^\\n]*\\baes\\b.*");
        return aes && compilesWithC2(profile) ? "aes-gcm" : "chacha20-poly1305";
    }

    /**
     * @param profile a hardware profile name
     * @return whether the profile's JVM compiles hot code with C2 (its {@code jvm.options} do not stop at C1)
     * @throws IOException when the profile cannot be read
     */
    public static boolean compilesWithC2(String profile) throws IOException {
        return !Files.readString(GatewayProcess.distroHome().resolve("hardware-profiles/" + profile + ".properties"))
                .matches("(?s).*(^|\\n)jvm\\.options=[^\\n]*-XX:TieredStopAtLevel=1\\b.*");
    }
}
