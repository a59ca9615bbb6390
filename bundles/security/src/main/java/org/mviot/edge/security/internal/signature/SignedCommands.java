package org.mviot.edge.security.internal.signature;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.util.function.LongSupplier;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;

import org.mviot.edge.api.twin.Command;
import org.mviot.edge.security.internal.log.Quoted;

/**
 * Checks a command's signature when the policy asks for one: a compact JWS (ES256 or EdDSA, key
 * named by {@code kid} and pinned in the policy) whose payload names the request's Ditto
 * {@code topic}, {@code path} and {@code value}, the originator ({@code sub}), a timestamp
 * ({@code iat}, seconds) and an id ({@code jti}). The timestamp must lie within the window and the
 * id must not have been used before for the same resource: a replayed command is refused, while the
 * several properties of one signed merge each pass once.
 *
 * <p>Nimbus JOSE+JWT parses the JWS and verifies ES256 (it handles the JOSE signature format);
 * EdDSA is verified with the JDK's Ed25519 ({@code Signature}), since Nimbus's own Ed25519
 * verifier needs Google Tink.
 */
public final class SignedCommands {

    /** Longest JWS read. */
    public static final int MAX_JWS_CHARS = 16 * 1024;
    /** Longest JWS id. */
    static final int MAX_JTI_CHARS = 128;

    private final SignatureSettings settings;
    private final LongSupplier nowMillis;
    private final ReplayCache seen;

    /**
     * @param settings  the policy's signature section
     * @param nowMillis the clock (epoch ms)
     */
    public SignedCommands(SignatureSettings settings, LongSupplier nowMillis) {
        this.settings = settings;
        this.nowMillis = nowMillis;
        this.seen = new ReplayCache(settings.replayCacheSize());
    }

    /** @return whether commands must be signed */
    public boolean required() {
        return settings.required();
    }

    /**
     * @param c the command
     * @return {@code null} when signatures are not required or the command's is good; else why not
     */
    public String check(Command c) {
        if (!settings.required()) {
            return null;
        }
        String jws = c.request().signature();
        if (jws.isEmpty()) {
            return "unsigned command: the policy requires a JWS in Ditto header mviot-signature";
        }
        if (jws.length() > MAX_JWS_CHARS) {
            return "signature of " + jws.length() + " chars is over the limit of " + MAX_JWS_CHARS;
        }
        JWSObject o;
        try {
            o = JWSObject.parse(jws);
        } catch (ParseException e) {
            return "signature is not a compact JWS: " + Quoted.of(e.getMessage(), 80);
        }
        String kid = o.getHeader().getKeyID();
        PinnedKey key = kid == null ? null : settings.keys().get(kid);
        if (key == null) {
            return "signature key " + Quoted.of(String.valueOf(kid)) + " is not pinned in the policy";
        }
        JWSAlgorithm alg = o.getHeader().getAlgorithm();
        if (!key.algorithm().equals(alg)) {
            return "signature algorithm " + Quoted.of(String.valueOf(alg)) + " does not fit key " + Quoted.of(kid) + " (" + key.algorithm() + ")";
        }
        if (!verifies(o, key)) {
            return "signature does not verify with key " + Quoted.of(kid);
        }
        JsonObject claims;
        try {
            JsonElement p = JsonParser.parseString(o.getPayload().toString());
            if (!p.isJsonObject()) {
                return "signed payload is not a JSON object";
            }
            claims = p.getAsJsonObject();
        } catch (JsonParseException e) {
            return "signed payload is not JSON";
        }
        Command.Request r = c.request();
        if (!text(claims, "topic").equals(r.topic()) || !text(claims, "path").equals(r.path())) {
            return "signed topic/path " + Quoted.of(text(claims, "topic"), 60) + " " + Quoted.of(text(claims, "path"), 60)
                    + " are not the command's";
        }
        if (!claims.has("value") || !claims.get("value").equals(parse(r.value()))) {
            return "signed value is not the command's value";
        }
        if (!text(claims, "sub").equals(c.sender())) {
            return "signed originator " + Quoted.of(text(claims, "sub")) + " is not the command's " + Quoted.of(c.sender());
        }
        if (!key.subjects().contains(c.sender())) {
            return "key " + Quoted.of(kid) + " is not pinned for originator " + Quoted.of(c.sender());
        }
        long now = nowMillis.getAsLong();
        long window = settings.maxSkewSeconds() * 1000;
        if (!(claims.get("iat") instanceof JsonPrimitive iatValue) || !iatValue.isNumber()) {
            return "signed payload has no timestamp 'iat' (seconds since the epoch)";
        }
        long iat = (long) (iatValue.getAsDouble() * 1000);
        if (Math.abs(now - iat) > window) {
            return "signed timestamp is " + (now - iat) / 1000 + " s from the gateway's clock, over the window of " + settings.maxSkewSeconds() + " s";
        }
        String jti = text(claims, "jti");
        if (jti.isEmpty() || jti.length() > MAX_JTI_CHARS) {
            return "signed payload needs a 'jti' of 1 to " + MAX_JTI_CHARS + " chars";
        }
        return switch (seen.admit(jti + '\n' + c.resource(), iat + window, now)) {
            case FIRST -> null;
            case REPLAY -> "replayed: JWS id " + Quoted.of(jti) + " was already used on this resource within " + settings.maxSkewSeconds() + " s";
            case FULL -> "replay cache full (" + settings.replayCacheSize() + " JWS ids within the window): try again later";
        };
    }

    private static boolean verifies(JWSObject o, PinnedKey key) {
        try {
            if (JWSAlgorithm.ES256.equals(key.algorithm())) {
                return o.verify(new ECDSAVerifier((ECPublicKey) key.key()));
            }
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key.key());
            s.update(o.getSigningInput());
            return s.verify(o.getSignature().decode());
        } catch (JOSEException | GeneralSecurityException | IllegalStateException e) {
            return false;
        }
    }

    private static String text(JsonObject claims, String name) {
        return claims.get(name) instanceof JsonPrimitive p && p.isString() ? p.getAsString() : "";
    }

    private static JsonElement parse(String json) {
        try {
            return JsonParser.parseString(json);
        } catch (JsonParseException e) {
            return null;
        }
    }
}
