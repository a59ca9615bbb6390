package org.mviot.edge.security.internal.signature;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;

/** Signs commands the way a cloud application would: ES256 with Nimbus, EdDSA with the JDK. */
public final class Signer {

    private final KeyPair pair;
    private final String kid;
    private final boolean ed25519;

    private Signer(KeyPair pair, String kid, boolean ed25519) {
        this.pair = pair;
        this.kid = kid;
        this.ed25519 = ed25519;
    }

    /**
     * @param kid key id
     * @return a signer with a new P-256 key
     * @throws Exception never on Java 17
     */
    public static Signer es256(String kid) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return new Signer(g.generateKeyPair(), kid, false);
    }

    /**
     * @param kid key id
     * @return a signer with a new Ed25519 key
     * @throws Exception never on Java 17
     */
    public static Signer ed25519(String kid) throws Exception {
        return new Signer(KeyPairGenerator.getInstance("Ed25519").generateKeyPair(), kid, true);
    }

    /**
     * Writes the public key as PEM, as {@code openssl pkey -pubout} does.
     *
     * @param file where
     * @throws Exception on I/O
     */
    public void writePublicKey(Path file) throws Exception {
        Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
    }

    /**
     * @param topic Ditto topic
     * @param path  Ditto path
     * @param value value as JSON text
     * @param sub   originator
     * @param iat   seconds since the epoch
     * @param jti   JWS id
     * @return the compact JWS
     * @throws Exception on a signing failure
     */
    public String sign(String topic, String path, String value, String sub, long iat, String jti) throws Exception {
        String payload = "{\"topic\":" + quote(topic) + ",\"path\":" + quote(path) + ",\"value\":" + value + ",\"sub\":" + quote(sub)
                + ",\"iat\":" + iat + ",\"jti\":" + quote(jti) + "}";
        if (!ed25519) {
            JWSObject o = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).build(), new Payload(payload));
            o.sign(new ECDSASigner((ECPrivateKey) pair.getPrivate()));
            return o.serialize();
        }
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString(("{\"alg\":\"EdDSA\",\"kid\":" + quote(kid) + "}").getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(pair.getPrivate());
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + b64.encodeToString(s.sign());
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
