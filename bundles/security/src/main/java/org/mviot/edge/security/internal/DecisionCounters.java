package org.mviot.edge.security.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.mviot.edge.api.twin.GatewayFeature;

/** The decisions counted for the gateway twin's {@code authorization} feature; read from memory. */
final class DecisionCounters {

    private final AtomicLong allowed = new AtomicLong();
    private final AtomicLong denied = new AtomicLong();
    private final AtomicReference<String> lastDenied = new AtomicReference<>();

    void allowed() {
        allowed.incrementAndGet();
    }

    void denied(String reason) {
        denied.incrementAndGet();
        lastDenied.set(reason.length() > GatewayFeature.MAX_TEXT ? reason.substring(0, GatewayFeature.MAX_TEXT - 1) + "…" : reason);
    }

    /**
     * @param policy      what policy is in force
     * @param signatures  whether signatures are required
     * @param policyError the last problem reading the file, or {@code null}
     * @return the feature's properties
     */
    Map<String, Object> properties(String policy, boolean signatures, String policyError) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("allowed", allowed.get());
        m.put("denied", denied.get());
        String last = lastDenied.get();
        if (last != null) {
            m.put("lastDenied", last);
        }
        m.put("policy", policy);
        m.put("signatures", signatures ? "required" : "off");
        if (policyError != null) {
            m.put("policyError", policyError);
        }
        return m;
    }
}
