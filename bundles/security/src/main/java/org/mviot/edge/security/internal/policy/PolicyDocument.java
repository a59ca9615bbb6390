package org.mviot.edge.security.internal.policy;

import org.mviot.edge.security.internal.signature.SignatureSettings;

/**
 * A policy file, read and checked.
 *
 * @param policyId   the file's {@code policyId}, empty if none
 * @param policy     its entries, compiled
 * @param signatures its {@code signatures} section ({@link SignatureSettings#OFF} without one)
 */
public record PolicyDocument(String policyId, Policy policy, SignatureSettings signatures) {
}
