package org.mviot.edge.cloud.mqtt.internal.seal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nonces of one queue key, never the same twice, across restarts, crashes and power loss.
 *
 * <p>A nonce is 4 random bytes drawn at each start (the salt) and a 64-bit counter. The counter is
 * reserved in blocks of {@value #BLOCK}: before the first counter of a block is used, the end of
 * the block is stored durably ({@link NonceReservation}); a start goes on from the stored end. A
 * crash or power loss therefore skips at most the rest of one block and never goes back, whatever
 * records were lost with it. (The record's queue offset is not a safe nonce: after a power loss the
 * offsets of records that never reached the device are given again, to different records.) The
 * salt is a second line: if the reservation file is lost or restored from an old copy, a repeat
 * also needs the same 32 random bits as that earlier start. One forced write of 12 bytes per
 * {@value #BLOCK} records is the whole cost.
 *
 * <p>Not thread-safe: the queue calls it under its lock.
 */
public final class NonceSequence {

    private static final Logger LOG = LoggerFactory.getLogger(NonceSequence.class);
    /** Counters reserved per forced write. */
    public static final long BLOCK = 1 << 16;

    private final NonceReservation reservation;
    private final long block;
    private final int salt;
    private long next;
    private long reservedUpTo;

    /**
     * Continues after the stored reservation.
     *
     * @param reservation where the reservation is kept
     * @param random      source of the salt
     * @param newKey      whether the key was just made (then a missing reservation file is expected)
     * @throws IOException if the first block cannot be reserved
     */
    public NonceSequence(NonceReservation reservation, SecureRandom random, boolean newKey) throws IOException {
        this(reservation, random, newKey, BLOCK);
    }

    /** As the public constructor, with another block size (tests cross many block ends). */
    NonceSequence(NonceReservation reservation, java.util.Random random, boolean newKey, long block) throws IOException {
        this.reservation = reservation;
        this.block = block;
        this.salt = random.nextInt();
        NonceReservation.Reading r = reservation.read();
        if (!r.problem().isEmpty() && !newKey) {
            LOG.warn("{}: nonce counters start again at 0; a repeat of an earlier nonce would also need the same random 32-bit salt", r.problem());
        }
        this.next = r.next();
        this.reservedUpTo = next;
        reserve();
    }

    private void reserve() throws IOException {
        long end = next + block;
        reservation.write(end);
        reservedUpTo = end;
    }

    /**
     * Writes the next nonce.
     *
     * @param out where ({@link SealCipher#NONCE_BYTES} bytes from {@code at})
     * @param at  first byte
     * @throws IOException if a new block cannot be reserved
     */
    public void next(byte[] out, int at) throws IOException {
        if (next >= reservedUpTo) {
            reserve();
        }
        ByteBuffer.wrap(out, at, SealCipher.NONCE_BYTES).putInt(salt).putLong(next);
        next++;
    }

    /** @return the counter the next nonce gets (for tests) */
    long counter() {
        return next;
    }
}
