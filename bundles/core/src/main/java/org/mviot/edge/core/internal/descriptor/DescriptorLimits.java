package org.mviot.edge.core.internal.descriptor;

import java.time.Duration;

/**
 * The bounds of a device descriptor (documented in the core's README, "Limits"). Descriptors are
 * written by people and copied from elsewhere: a file that is too big, too deep or holds a huge
 * string is refused with a problem naming the file, the JSON path and the limit, before it can cost
 * the gateway memory or a thread's stack.
 */
public final class DescriptorLimits {

    /** Largest descriptor file (or bundle document) read, in bytes: 1 MiB. Larger files are refused unread. */
    public static final long MAX_FILE_BYTES = 1L << 20;

    /** Deepest nesting of JSON objects and arrays (a descriptor needs 6). */
    public static final int MAX_JSON_DEPTH = 32;

    /** Longest JSON string, field name or number text, in characters. */
    public static final int MAX_STRING_CHARS = 4096;

    /** Shortest duration (poll period, staleAfter, minInterval, window period). */
    public static final Duration MIN_DURATION = Duration.ofMillis(1);

    /** Longest duration (poll period, staleAfter, minInterval, window period). */
    public static final Duration MAX_DURATION = Duration.ofHours(24);

    private DescriptorLimits() {
    }
}
