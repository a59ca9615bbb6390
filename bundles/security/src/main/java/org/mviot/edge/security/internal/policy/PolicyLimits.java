package org.mviot.edge.security.internal.policy;

/**
 * How large a policy file may be; a file over a limit is refused naming the limit, so a policy
 * can never cost the gateway unbounded memory or time per command.
 */
public final class PolicyLimits {

    /** Bytes of a policy file. */
    public static final long MAX_FILE_BYTES = 1024 * 1024;
    /** Entries of a policy. */
    public static final int MAX_ENTRIES = 1000;
    /** Resources (grants and revokes) of all entries together. */
    public static final int MAX_RULES = 10_000;
    /** Subjects of one entry. */
    public static final int MAX_SUBJECTS = 1000;
    /** Characters of a resource pattern, a subject or an entry name. */
    public static final int MAX_PATTERN_CHARS = 256;
    /** Wildcards in one resource pattern. */
    public static final int MAX_WILDCARDS = 8;
    /** Nesting of JSON objects and arrays. */
    public static final int MAX_DEPTH = 8;
    /** Pinned signature keys. */
    public static final int MAX_KEYS = 64;

    private PolicyLimits() {
    }
}
