package org.mviot.edge.security.internal.policy;

/**
 * The policy's answer for one subject and resource, with the rule that decided.
 *
 * @param allowed whether WRITE is granted and not revoked
 * @param reason  which rule decided, in words, e.g. {@code granted by policy entry 'operators' on thing:/features/*}
 */
public record Verdict(boolean allowed, String reason) {
}
