package org.mviot.edge.cloud.mqtt.internal.seal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;

/**
 * Seals and opens queue records with an AEAD cipher. A sealed payload is: cipher id (1 byte),
 * nonce ({@value SealCipher#NONCE_BYTES}), ciphertext and tag ({@value SealCipher#TAG_BYTES}).
 * The associated data is the record's queue offset, its priority code and the cipher id: a record
 * moved to another position (or given another priority) no longer opens, so records cannot be
 * swapped, replayed at another offset or demoted to droppable telemetry unnoticed.
 *
 * <p>Not thread-safe: the queue calls it under its lock (one {@link Cipher} per direction, reused).
 */
public final class RecordSealer {

    /** Bytes a sealed payload adds to the plain one. */
    public static final int OVERHEAD = 1 + SealCipher.NONCE_BYTES + SealCipher.TAG_BYTES;
    private static final int AAD_BYTES = 10;

    private final SealCipher writeCipher;
    private final NonceSequence nonces;
    private final Map<SealCipher, SecretKey> keys = new EnumMap<>(SealCipher.class);
    private final Map<SealCipher, Cipher> openers = new EnumMap<>(SealCipher.class);
    private final Cipher sealer;
    private final byte[] nonce = new byte[SealCipher.NONCE_BYTES];
    private final byte[] aad = new byte[AAD_BYTES];
    /** The nonce of the record opened last. */
    private final byte[] lastOpened = new byte[SealCipher.NONCE_BYTES];

    /**
     * @param key         the queue key ({@value KeyFile#KEY_BYTES} bytes)
     * @param writeCipher the cipher new records are sealed with, or {@code null} to only open records
     * @param nonces      the nonces for sealing ({@code null} with no write cipher)
     * @throws GeneralSecurityException if the JDK lacks a cipher
     */
    public RecordSealer(byte[] key, SealCipher writeCipher, NonceSequence nonces) throws GeneralSecurityException {
        if ((writeCipher == null) != (nonces == null)) {
            throw new IllegalArgumentException("a write cipher needs nonces, and only it");
        }
        for (SealCipher c : SealCipher.values()) {
            keys.put(c, c.subkey(key));
        }
        this.writeCipher = writeCipher;
        this.nonces = nonces;
        this.sealer = writeCipher == null ? null : writeCipher.newCipher();
    }

    /** @return whether new records are sealed */
    public boolean seals() {
        return writeCipher != null;
    }

    /** @return the cipher of new records, or {@code null} when they are not sealed */
    public SealCipher writeCipher() {
        return writeCipher;
    }

    /**
     * @param plainLength bytes of a payload
     * @return bytes of its sealed form
     */
    public static int sealedLength(int plainLength) {
        return plainLength + OVERHEAD;
    }

    /**
     * Seals a payload into a buffer at its position (which advances past it).
     *
     * @param offset   the record's queue offset
     * @param priority its priority code
     * @param plain    the payload
     * @param out      a heap buffer with room for {@link #sealedLength} bytes
     * @throws IOException if no nonce can be reserved or the cipher fails
     */
    public void seal(long offset, byte priority, byte[] plain, ByteBuffer out) throws IOException {
        if (sealer == null) {
            throw new IllegalStateException("this queue does not seal new records");
        }
        nonces.next(nonce, 0);
        aad(offset, priority, writeCipher);
        int at = out.position();
        byte[] a = out.array();
        a[at] = writeCipher.id();
        System.arraycopy(nonce, 0, a, at + 1, nonce.length);
        try {
            sealer.init(Cipher.ENCRYPT_MODE, keys.get(writeCipher), writeCipher.parameters(nonce));
            sealer.updateAAD(aad);
            int n = sealer.doFinal(plain, 0, plain.length, a, at + 1 + nonce.length);
            out.position(at + 1 + nonce.length + n);
        } catch (GeneralSecurityException e) {
            throw new IOException("queue record " + offset + " cannot be sealed with " + writeCipher.setting() + ": " + e, e);
        }
    }

    /**
     * Opens a sealed payload.
     *
     * @param offset   the record's queue offset
     * @param priority its priority code
     * @param in       bytes holding the sealed payload
     * @param at       where it starts
     * @param length   its length
     * @return the payload
     * @throws GeneralSecurityException if it does not open: changed, moved, or sealed with another key
     */
    public byte[] open(long offset, byte priority, byte[] in, int at, int length) throws GeneralSecurityException {
        if (length < OVERHEAD) {
            throw new GeneralSecurityException("a sealed record of " + length + " bytes is shorter than its " + OVERHEAD + " bytes of nonce and tag");
        }
        SealCipher c = SealCipher.byId(in[at]);
        if (c == null) {
            throw new GeneralSecurityException("unknown cipher id " + in[at]);
        }
        Cipher opener = openers.get(c);
        boolean sameNonce = Arrays.equals(in, at + 1, at + 1 + nonce.length, lastOpened, 0, nonce.length);
        if (opener == null || sameNonce) {
            // the JDK's ChaCha20-Poly1305 refuses an init with the key and nonce of the one before, even to decrypt:
            // the same record read twice in a row (a reconnect reads it again) gets a fresh cipher
            opener = c.newCipher();
            openers.put(c, opener);
        }
        System.arraycopy(in, at + 1, nonce, 0, nonce.length);
        System.arraycopy(nonce, 0, lastOpened, 0, nonce.length);
        aad(offset, priority, c);
        opener.init(Cipher.DECRYPT_MODE, keys.get(c), c.parameters(nonce));
        opener.updateAAD(aad);
        int body = at + 1 + nonce.length;
        return opener.doFinal(in, body, length - 1 - nonce.length);
    }

    private void aad(long offset, byte priority, SealCipher c) {
        ByteBuffer.wrap(aad).putLong(offset).put(priority).put(c.id());
    }
}
