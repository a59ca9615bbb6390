package org.mviot.edge.core.internal.privacy;

import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.mviot.edge.core.internal.pipeline.ValueGuard;

/**
 * {@code "pii": "hash"}: each value becomes {@code hmac-sha256:<base64url of HMAC-SHA256(key, typed value)>}.
 * Keyed, so that a small value space (a badge number, a name from a list) cannot be hashed by
 * anyone without the key to find the value. Not thread-safe: its device's pipeline serializes calls.
 */
final class HashGuard implements ValueGuard {

    static final String PREFIX = "hmac-sha256:";
    private final Mac mac;

    HashGuard(byte[] key) throws GeneralSecurityException {
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
    }

    @Override
    public boolean drops() {
        return false;
    }

    @Override
    public Object protect(Object value) {
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(PlainForm.of(value)));
    }
}
