package org.mviot.edge.security.internal;

import java.util.Map;

import org.mviot.edge.api.twin.Command;
import org.mviot.edge.api.twin.CommandAuthorizer.Decision;
import org.mviot.edge.security.internal.log.Quoted;
import org.mviot.edge.security.internal.policy.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One command's decision: the policy in force for its originator and resource, then (when the
 * policy asks for it) its signature; logged on one line and counted.
 *
 * <p>A command that came from no network request ({@link Command.Request#NONE}: the gateway's
 * shell, {@code mviot:write}, reached only through the owner-only socket, or another bundle
 * inside the gateway) is allowed without the policy: whoever can issue it already controls the
 * gateway (it can edit the policy, install bundles). The cloud link always passes its request, and
 * a Ditto request always has a topic, so nothing a network sender writes can make a command look
 * local.
 */
final class Authorization {

    private static final Logger LOG = LoggerFactory.getLogger(Authorization.class);
    private static final String LOCAL = "a local command (the gateway's shell or a bundle, not from the network): not subject to the policy";

    private final PolicyFileWatch watch;
    private final DecisionCounters counters = new DecisionCounters();

    Authorization(PolicyFileWatch watch) {
        this.watch = watch;
    }

    Decision decide(Command command) {
        Verdict v;
        if (command.request().topic().isEmpty()) {
            v = new Verdict(true, LOCAL);
        } else {
            ActivePolicy p = watch.current();
            v = p.policy().evaluate(command.sender(), command.resource());
            if (v.allowed()) {
                String bad = p.signatures().check(command);
                if (bad != null) {
                    v = new Verdict(false, bad);
                }
            }
        }
        if (v.allowed()) {
            counters.allowed();
            if (LOG.isInfoEnabled()) {
                LOG.info("command {} from {} on {}: allowed, {}", Quoted.of(command.correlationId()), Quoted.of(command.sender()),
                        Quoted.of(command.resource()), v.reason());
            }
            return Decision.ALLOW;
        }
        counters.denied(v.reason());
        LOG.warn("command {} from {} on {}: DENIED, {}", Quoted.of(command.correlationId()), Quoted.of(command.sender()),
                Quoted.of(command.resource()), v.reason());
        return Decision.deny(v.reason());
    }

    /** @return the gateway twin feature's properties */
    Map<String, Object> properties() {
        ActivePolicy p = watch.current();
        return counters.properties(p.describe(), p.signatures().required(), watch.error());
    }
}
