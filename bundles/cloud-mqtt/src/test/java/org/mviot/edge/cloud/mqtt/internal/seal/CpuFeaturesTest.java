package org.mviot.edge.cloud.mqtt.internal.seal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuFeaturesTest {

    /** The options of a JVM that compiles with C2 (none that limit it). */
    private static final java.util.List<String> C2 = java.util.List.of("-Xmx128m", "-XX:+UseSerialGC");

    @TempDir
    Path dir;

    private Path cpuinfo(String text) throws IOException {
        return Files.writeString(dir.resolve("cpuinfo"), text);
    }

    @Test
    void anX86CpuWithAesNiGetsAesGcm() throws IOException {
        Path p = cpuinfo("processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu vme sse2 ssse3 pclmulqdq aes avx\n");
        assertThat(CpuFeatures.bestCipher(p, C2)).isEqualTo(SealCipher.AES_GCM);
    }

    @Test
    void aPi5WithArmv8CryptoExtensionsGetsAesGcm() throws IOException {
        Path p = cpuinfo("processor\t: 0\nBogoMIPS\t: 108.00\nFeatures\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics\n");
        assertThat(CpuFeatures.bestCipher(p, C2)).isEqualTo(SealCipher.AES_GCM);
    }

    @Test
    void aPi4WithoutAesInstructionsGetsChaCha20Poly1305() throws IOException {
        Path p = cpuinfo("processor\t: 0\nBogoMIPS\t: 108.00\nFeatures\t: fp asimd evtstrm crc32 cpuid\nCPU part\t: 0xd08\n");
        assertThat(CpuFeatures.bestCipher(p, C2)).isEqualTo(SealCipher.CHACHA20_POLY1305);
    }

    @Test
    void aFlagThatOnlyContainsAesIsNotAes() throws IOException {
        Path p = cpuinfo("flags\t\t: fpu vaes_like aes-ish sse2\n");
        assertThat(CpuFeatures.hasAes(p)).isFalse();
    }

    @Test
    void anUnreadableCpuinfoGetsChaCha20Poly1305() {
        assertThat(CpuFeatures.bestCipher(dir.resolve("absent"), C2)).isEqualTo(SealCipher.CHACHA20_POLY1305);
    }

    @Test
    void thisMachinesCpuinfoIsRead() throws IOException {
        // the real file: whatever this CPU is, the answer agrees with the flags Linux lists
        boolean listed = Files.readString(CpuFeatures.CPUINFO).matches("(?s).*\\b(flags|Features)\\s*:[^\\n]*\\baes\\b.*");
        assertThat(CpuFeatures.hasAes(CpuFeatures.CPUINFO)).isEqualTo(listed);
    }

    @Test
    void aJvmLimitedToC1GetsChaCha20Poly1305EvenWithAesInstructionsBecauseTheAesIntrinsicsAreC2s() throws IOException {
        Path p = cpuinfo("flags\t\t: fpu sse2 pclmulqdq aes avx\n");
        assertThat(CpuFeatures.bestCipher(p, java.util.List.of("-Xmx48m", "-XX:TieredStopAtLevel=1"))).isEqualTo(SealCipher.CHACHA20_POLY1305);
        assertThat(CpuFeatures.bestCipher(p, java.util.List.of("-Xint"))).isEqualTo(SealCipher.CHACHA20_POLY1305);
    }

    @Test
    void theLastOfRepeatedJitOptionsWinsAsInHotSpot() {
        assertThat(CpuFeatures.compilesWithC2(java.util.List.of("-XX:TieredStopAtLevel=1", "-XX:TieredStopAtLevel=4"))).isTrue();
        assertThat(CpuFeatures.compilesWithC2(java.util.List.of("-XX:TieredStopAtLevel=4", "-XX:TieredStopAtLevel=1"))).isFalse();
        assertThat(CpuFeatures.compilesWithC2(java.util.List.of("-Xint", "-Xmixed"))).isTrue();
        assertThat(CpuFeatures.compilesWithC2(C2)).isTrue();
    }
}
