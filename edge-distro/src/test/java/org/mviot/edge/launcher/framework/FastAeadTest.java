package org.mviot.edge.launcher.framework;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FastAeadTest {

    @TempDir
    Path dir;

    @Test
    void aesGcmOnlyWithAesInstructionsAndC2() {
        assertThat(FastAead.decide(true, true)).isEqualTo(FastAead.AES_GCM);
        assertThat(FastAead.decide(true, false)).isEqualTo(FastAead.CHACHA20_POLY1305);
        assertThat(FastAead.decide(false, true)).isEqualTo(FastAead.CHACHA20_POLY1305);
        assertThat(FastAead.decide(false, false)).isEqualTo(FastAead.CHACHA20_POLY1305);
    }

    @Test
    void aJvmStoppedAtC1OrInterpretingHasNoC2() {
        assertThat(FastAead.compilesWithC2("1", "mixed mode, sharing")).isFalse();
        assertThat(FastAead.compilesWithC2("3", "mixed mode")).isFalse();
        assertThat(FastAead.compilesWithC2("4", "interpreted mode, sharing")).isFalse();
        assertThat(FastAead.compilesWithC2("4", "mixed mode, sharing")).isTrue();
        assertThat(FastAead.compilesWithC2(null, "mixed mode")).isTrue();
    }

    @Test
    void theAesFlagIsReadFromTheX86FlagsOrTheArmFeaturesLine() throws IOException {
        assertThat(FastAead.hasAesInstructions(cpuinfo("processor\t: 0\nflags\t\t: fpu sse2 aes avx\n"))).isTrue();
        assertThat(FastAead.hasAesInstructions(cpuinfo("processor\t: 0\nFeatures\t: fp asimd aes pmull sha1\n"))).isTrue();
        assertThat(FastAead.hasAesInstructions(cpuinfo("processor\t: 0\nflags\t\t: fpu sse2 vaes_x avx\n"))).isFalse();
        assertThat(FastAead.hasAesInstructions(cpuinfo("model name\t: has aes in its name\nflags\t: fpu\n"))).isFalse();
        assertThat(FastAead.hasAesInstructions(dir.resolve("absent"))).isFalse();
    }

    @Test
    void thisProcessDecidesOnceFromThisMachine() throws IOException {
        boolean listed = Files.readString(FastAead.CPUINFO).matches("(?s).*\\b(flags|Features)\\s*:[^\\n]*\\baes\\b.*");
        // surefire runs the tests on a JVM with C2 (no TieredStopAtLevel among its options)
        assertThat(FastAead.ofThisProcess()).isEqualTo(listed ? FastAead.AES_GCM : FastAead.CHACHA20_POLY1305);
        assertThat(FastAead.ofThisProcess()).isSameAs(FastAead.ofThisProcess());
    }

    private Path cpuinfo(String text) throws IOException {
        return Files.writeString(dir.resolve("cpuinfo"), text);
    }
}
