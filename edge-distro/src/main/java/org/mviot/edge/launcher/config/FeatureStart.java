package org.mviot.edge.launcher.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * When the launcher starts a feature's bundles: with the gateway (before {@code mviot-edge ready}
 * and part of what ready waits for) or right after ready is announced. A feature descriptor says
 * which in its optional {@code start} field.
 */
public enum FeatureStart {

    /** The default: the bundles start with the gateway and ready waits for them. */
    WITH_GATEWAY("with-gateway"),
    /** The bundles are installed and started once ready is announced; ready does not wait for them. */
    AFTER_READY("after-ready");

    /** The descriptor field that says it. */
    public static final String FIELD = "start";

    private final String value;

    FeatureStart(String value) {
        this.value = value;
    }

    /** @return the value as a descriptor writes it */
    public String value() {
        return value;
    }

    /**
     * Reads the {@code start} field of a feature descriptor.
     *
     * @param descriptor the descriptor
     * @return its start phase, {@link #WITH_GATEWAY} when the field is absent
     * @throws ConfigException naming the file and the field when the value is none of the known ones
     */
    static FeatureStart of(PropertiesFile descriptor) throws ConfigException {
        String v = descriptor.optional(FIELD);
        if (v == null) {
            return WITH_GATEWAY;
        }
        for (FeatureStart s : values()) {
            if (s.value.equals(v)) {
                return s;
            }
        }
        throw descriptor.error(FIELD, "is '" + shown(v) + "', expected one of "
                + Arrays.stream(values()).map(FeatureStart::value).collect(Collectors.joining(", ")));
    }

    /** The value as an error message quotes it: at most 40 characters, control characters as '?'. */
    private static String shown(String v) {
        String cut = v.length() > 40 ? v.substring(0, 40) + "…" : v;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
