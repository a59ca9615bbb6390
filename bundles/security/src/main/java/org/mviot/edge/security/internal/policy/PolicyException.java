package org.mviot.edge.security.internal.policy;

import java.nio.file.Path;

/** A policy file that cannot be used, naming the file and the JSON path of what is wrong. */
public final class PolicyException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param file     the policy file
     * @param jsonPath where in it, e.g. {@code $.entries.operators.resources}
     * @param problem  what is wrong there
     */
    public PolicyException(Path file, String jsonPath, String problem) {
        super(file + " at " + jsonPath + ": " + problem);
    }
}
