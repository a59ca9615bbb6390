package org.mviot.edge.core.internal.actuation;

import org.mviot.edge.api.twin.CommandAuthorizer;

/**
 * What decides commands while no {@link CommandAuthorizer} service is registered. A gateway that
 * runs the security feature says so (framework property {@value #PROPERTY} = {@code required},
 * set by the launcher): then a missing authorizer (not started yet, failed, stopped) denies every
 * command, so the gateway is never open by accident. Without it (a gateway built without the
 * security feature, the core's own tests) every command is allowed, as before there was a policy.
 */
public final class AuthorizerFallback {

    /** The framework property that asks for an authorizer. */
    public static final String PROPERTY = "mviot.commands.authorizer";

    private static final CommandAuthorizer ALLOW_ALL = c -> CommandAuthorizer.Decision.ALLOW;
    private static final CommandAuthorizer DENY_ALL = c -> CommandAuthorizer.Decision.deny(
            "no command authorizer is running (the security feature's policy component is not active)");

    private AuthorizerFallback() {
    }

    /**
     * @param property the framework property's value, may be {@code null}
     * @return deny-all when an authorizer is required, else allow-all
     */
    public static CommandAuthorizer of(String property) {
        return "required".equals(property) ? DENY_ALL : ALLOW_ALL;
    }
}
