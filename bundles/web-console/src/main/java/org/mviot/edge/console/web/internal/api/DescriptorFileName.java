package org.mviot.edge.console.web.internal.api;

import java.util.regex.Pattern;

import org.mviot.edge.console.web.internal.http.ApiException;
import org.mviot.edge.console.web.internal.http.Audit;

/**
 * The names the console accepts for descriptor files: {@code [a-z0-9][a-z0-9._-]{0,63}\.json}, no {@code ..}. Nothing
 * else can name a path, so no request reaches a file outside {@code conf/devices}.
 */
public final class DescriptorFileName {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}\\.json");

    private DescriptorFileName() {
    }

    /**
     * @param name a name from a request
     * @return whether it is a descriptor file name the console accepts
     */
    public static boolean valid(String name) {
        return name != null && NAME.matcher(name).matches() && !name.contains("..");
    }

    /**
     * @param name a name from a request
     * @return the name
     * @throws ApiException 400 naming the rule
     */
    public static String check(String name) {
        if (!valid(name)) {
            throw new ApiException(400, "descriptor file name " + Audit.quote(name) + " is not allowed: expected lower-case letters, digits, "
                    + "'.', '_' or '-' (at most 64, starting with a letter or digit, no '..') and .json, a file directly in conf/devices");
        }
        return name;
    }
}
