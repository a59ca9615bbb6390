package org.mviot.edge.security.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the command policy (PID {@code org.mviot.edge.security}); the defaults suit every profile. */
@ObjectClassDefinition(name = "mviot-edge command policy", description = "Who may set which twin property: the policy file and how often it is re-read")
public @interface PolicyConfig {

    /** @return the policy file; empty: policy.json in the configuration directory */
    @AttributeDefinition(name = "Policy file", description = "Path of the policy file; empty: <conf>/policy.json", required = false)
    String policy_file() default "";

    /** @return how often the file is looked at for a change */
    @AttributeDefinition(name = "Re-read interval (ms)", description = "How often the policy file is checked for a change, 100 to 60000 ms")
    long poll_interval_ms() default 1000;
}
