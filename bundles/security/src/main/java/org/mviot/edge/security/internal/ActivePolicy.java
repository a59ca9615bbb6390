package org.mviot.edge.security.internal;

import org.mviot.edge.security.internal.policy.Policy;
import org.mviot.edge.security.internal.signature.SignedCommands;

/**
 * The policy in force, swapped whole when the file changes.
 *
 * @param policy     the compiled entries
 * @param signatures the signature check (off unless the policy asks for it)
 * @param fromFile   whether it came from the policy file (else the demo policy or deny-all)
 * @param describe   what it is, for the log and the gateway twin
 */
record ActivePolicy(Policy policy, SignedCommands signatures, boolean fromFile, String describe) {
}
