package org.mviot.edge.security.internal.policy;

import java.util.Set;

import org.mviot.edge.security.internal.log.Quoted;

/**
 * What one policy entry says about WRITE on one resource pattern: a grant or a revoke for the
 * entry's subjects. It applies to the resource and everything below it, as in Ditto.
 *
 * @param entry       the entry's name
 * @param resource    the resource pattern as written
 * @param revoke      whether WRITE is revoked (else granted)
 * @param subjects    the entry's subjects; {@link #ANYONE} stands for every sender, even one naming none
 * @param grantReason why a command this rule grants is allowed (the same for every command, so made once)
 */
record Rule(String entry, String resource, boolean revoke, Set<String> subjects, String grantReason) {

    /** The subject that stands for every sender. */
    static final String ANYONE = "*";

    Rule(String entry, String resource, boolean revoke, Set<String> subjects) {
        this(entry, resource, revoke, subjects, "granted by policy entry " + Quoted.of(entry) + " on " + resource);
    }

    boolean appliesTo(String subject) {
        return subjects.contains(subject) || subjects.contains(ANYONE);
    }
}
