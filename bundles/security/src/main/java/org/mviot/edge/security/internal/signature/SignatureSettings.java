package org.mviot.edge.security.internal.signature;

import java.util.Map;

/**
 * The policy's {@code signatures} section: whether every command must carry a JWS from a pinned
 * key, how far its timestamp may be from the gateway's clock, and how many recent JWS ids are kept
 * to refuse a replay.
 *
 * @param required        whether unsigned commands are denied
 * @param maxSkewSeconds  how far {@code iat} may lie from now, either way; also how long a JWS id is remembered
 * @param replayCacheSize JWS ids remembered at most; when full of ids still in the window, new signed commands are denied
 * @param keys            pinned keys by key id ({@code kid})
 */
public record SignatureSettings(boolean required, long maxSkewSeconds, int replayCacheSize, Map<String, PinnedKey> keys) {

    /** Default skew. */
    public static final long DEFAULT_SKEW_SECONDS = 30;
    /** Default replay cache size. */
    public static final int DEFAULT_REPLAY_CACHE = 10_000;

    /** No signatures asked for. */
    public static final SignatureSettings OFF = new SignatureSettings(false, DEFAULT_SKEW_SECONDS, DEFAULT_REPLAY_CACHE, Map.of());
}
