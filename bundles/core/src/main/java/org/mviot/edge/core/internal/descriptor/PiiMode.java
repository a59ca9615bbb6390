package org.mviot.edge.core.internal.descriptor;

import java.util.Locale;

/**
 * What becomes of a channel marked as personal data ({@code "pii"} in its descriptor) before its
 * values leave the pipeline: nothing of it in clear reaches the queue, the cloud, the log or the shell.
 */
public enum PiiMode {
    /** The channel is read but never reported: not in the twin, not in its definition. */
    DROP,
    /** Each value is replaced by a keyed HMAC-SHA256 token: the same value always gives the same token. */
    HASH,
    /** Each value is encrypted for the cloud (AES-256-GCM with the key the cloud holds). */
    ENCRYPT;

    /** @return how descriptors write it: {@code drop}, {@code hash}, {@code encrypt} */
    public String descriptorName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param text a descriptor's value
     * @return the mode, or {@code null} when the text names none
     */
    public static PiiMode byName(String text) {
        for (PiiMode m : values()) {
            if (m.descriptorName().equals(text)) {
                return m;
            }
        }
        return null;
    }
}
