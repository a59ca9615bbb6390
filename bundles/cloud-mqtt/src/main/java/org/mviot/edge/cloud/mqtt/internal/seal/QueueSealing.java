package org.mviot.edge.cloud.mqtt.internal.seal;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * Whether the queue seals its records at rest, with which cipher, and where its key and nonce
 * reservation live.
 *
 * <p>Reading follows what is stored, not the setting: sealed segments are opened whenever the key
 * is there, so switching {@code queue.encrypt} off delivers what was sealed before (and new records
 * go plain), and switching it on delivers the plain records stored before (new ones are sealed).
 * Sealed segments without their key are never discarded: the queue reports the key as unavailable
 * and leaves its files alone ({@link KeyUnavailableException}).
 *
 * @param encrypt   whether new records are sealed
 * @param cipher    the cipher new records are sealed with
 * @param keyFile   the key file ({@code null}: none configured, so sealed records cannot be read)
 * @param nonceFile the nonce reservation file
 */
public record QueueSealing(boolean encrypt, SealCipher cipher, Path keyFile, Path nonceFile) {

    /**
     * Checks that sealing has what it needs.
     *
     * @param encrypt   encrypt
     * @param cipher    cipher
     * @param keyFile   key file
     * @param nonceFile nonce file
     */
    public QueueSealing {
        if (encrypt && (cipher == null || keyFile == null || nonceFile == null)) {
            throw new IllegalArgumentException("sealing the queue needs a cipher, a key file and a nonce reservation file");
        }
    }

    /** @return no sealing and no key: for queues in tests and benchmarks that never seal */
    public static QueueSealing off() {
        return new QueueSealing(false, null, null, null);
    }

    /**
     * The sealer a queue needs, given what it stores; makes the key at the first start that seals.
     *
     * @param sealedStored whether sealed segments are stored
     * @param random       source of a new key and of the nonce salt
     * @return the sealer, or {@code null} when records are neither sealed nor stored sealed
     * @throws KeyUnavailableException if sealed records are stored and the key cannot be read, or the key file is unusable
     * @throws IOException             if a new key or the nonce reservation cannot be written
     */
    public RecordSealer open(boolean sealedStored, SecureRandom random) throws IOException {
        if (!encrypt && !sealedStored) {
            return null;
        }
        if (keyFile == null) {
            throw new KeyUnavailableException("no queue key file is configured");
        }
        boolean newKey = false;
        byte[] key;
        if (KeyFile.exists(keyFile) || sealedStored) {
            key = KeyFile.read(keyFile);
        } else {
            key = KeyFile.create(keyFile, random);
            newKey = true;
        }
        try {
            return encrypt ? new RecordSealer(key, cipher, new NonceSequence(new NonceReservation(nonceFile), random, newKey))
                    : new RecordSealer(key, null, null);
        } catch (GeneralSecurityException e) {
            throw new IOException("this Java runtime cannot seal the queue with " + (cipher == null ? "its ciphers" : cipher.setting()) + ": " + e, e);
        }
    }

    /** @return how the twin names it: the cipher, or {@code off} */
    public String twin() {
        return encrypt ? cipher.setting() : "off";
    }
}
