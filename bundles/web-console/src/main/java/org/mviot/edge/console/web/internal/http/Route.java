package org.mviot.edge.console.web.internal.http;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * One endpoint of the API: a method and a path pattern (below {@code /api/v1}) and what answers it.
 *
 * @param method  HTTP method
 * @param pattern the path, whole
 * @param handler the answer
 */
public record Route(String method, Pattern pattern, Handler handler) {

    /** Answers a call. */
    @FunctionalInterface
    public interface Handler {
        /**
         * @param call the call
         * @throws IOException if the client is gone
         */
        void handle(Call call) throws IOException;
    }

    /**
     * @param method  HTTP method
     * @param regex   the path's pattern
     * @param handler the answer
     * @return the route
     */
    public static Route of(String method, String regex, Handler handler) {
        return new Route(method, Pattern.compile(regex), handler);
    }
}
