package org.mviot.edge.security.internal;

import java.util.Locale;

/**
 * What applies while no policy file exists, from the hardware profile's {@code policy.missing}
 * line (framework property {@value #PROPERTY}): {@code deny} on every hardware profile, {@code demo}
 * (the permissive demo policy shipped in this bundle) on the sim profile. Anything else, or
 * nothing, is {@code deny}: a typo must never open the gateway.
 */
enum PolicyWhenMissing {
    /** Every command denied. */
    DENY,
    /** The demo policy: every originator may set every desired property and send every message. */
    DEMO;

    /** The framework property the launcher sets from the hardware profile. */
    static final String PROPERTY = "mviot.policy.missing";

    static PolicyWhenMissing of(String value) {
        return value != null && value.trim().toLowerCase(Locale.ROOT).equals("demo") ? DEMO : DENY;
    }
}
