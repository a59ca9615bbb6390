package org.mviot.edge.cloud.mqtt.internal.seal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Nonces over simulated restarts never repeat. Each try is a life of the gateway: starts, each
 * drawing some nonces and then ending cleanly or crashing (the sequence is dropped with nothing
 * written), with small reservation blocks so that runs cross many block ends. The salt comes from a
 * seeded random that gives <em>every</em> start the same salt: uniqueness then rests on the
 * persisted counter alone, as it must. 100 tries in the build: each try writes the reservation
 * file hundreds of times (without forcing it), about 5 s together; 500 took 100 s on the shared
 * build machine. For more, raise {@code tries} here.
 */
class NonceSequencePropertyTest {

    @Property(tries = 100)
    void theNoncesOfEveryStartDifferFromAllEarlierOnes(@ForAll @Size(min = 1, max = 12) List<@IntRange(min = 0, max = 60) Integer> drawsPerStart,
                                                        @ForAll @IntRange(min = 1, max = 17) int block) throws IOException {
        Path dir = Files.createTempDirectory("nonces");
        try {
            NonceReservation file = new NonceReservation(dir.resolve("queue.nonce"), false);
            Set<String> seen = new HashSet<>();
            Set<Long> counters = new HashSet<>();
            byte[] nonce = new byte[SealCipher.NONCE_BYTES];
            boolean first = true;
            for (int draws : drawsPerStart) {
                // the same salt every start: only the counter may keep nonces apart
                NonceSequence s = new NonceSequence(file, new Random(42), first, block);
                first = false;
                for (int i = 0; i < draws; i++) {
                    s.next(nonce, 0);
                    assertThat(seen.add(java.util.HexFormat.of().formatHex(nonce))).as("nonce repeated").isTrue();
                    assertThat(counters.add(ByteBuffer.wrap(nonce).getLong(4))).isTrue();
                }
                // no close exists: a clean end and a crash leave the same file behind, which is the point
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    @Property(tries = 10)
    void aDamagedReservationFileStillLeavesTheSaltBetweenStarts(@ForAll @IntRange(min = 1, max = 40) int draws) throws IOException {
        Path dir = Files.createTempDirectory("nonces");
        try {
            NonceReservation file = new NonceReservation(dir.resolve("queue.nonce"));
            byte[] a = new byte[SealCipher.NONCE_BYTES];
            byte[] b = new byte[SealCipher.NONCE_BYTES];
            NonceSequence one = new NonceSequence(file, new java.security.SecureRandom(), true, 4);
            for (int i = 0; i < draws; i++) {
                one.next(a, 0);
            }
            Files.write(file.file(), new byte[] {1, 2, 3});
            assertThat(file.read().problem()).contains("holds 3 bytes");
            NonceSequence two = new NonceSequence(file, new java.security.SecureRandom(), false, 4);
            two.next(b, 0);
            // the counter starts again at 0; the random salt keeps the two starts apart
            assertThat(ByteBuffer.wrap(b).getLong(4)).isZero();
            assertThat(ByteBuffer.wrap(b).getInt(0)).isNotEqualTo(ByteBuffer.wrap(a).getInt(0));
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }
}
