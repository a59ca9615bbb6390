package org.mviot.edge.cloud.mqtt.internal.downlink;

import java.util.Map;

import org.mviot.edge.cloud.mqtt.internal.input.ControlCharacters;
import org.mviot.edge.cloud.mqtt.internal.input.InputLimits;
import org.mviot.edge.cloud.mqtt.internal.input.LogQuote;

/**
 * The bounds on a command's Ditto headers: how many, how long each value, and no control character
 * in a header name or text value (the {@code correlation-id} and {@code ditto-originator} reach the
 * core's log and the response). Ditto answers headers too large with 431, and so does the gateway.
 */
final class Headers {

    private Headers() {
    }

    /**
     * @param headers the envelope's {@code headers} object
     * @param limits  the limits
     * @throws DittoRequest.InvalidRequest 431 for too many or too long headers, 400 for a control character
     */
    static void check(Map<?, ?> headers, InputLimits limits) {
        if (headers.size() > limits.maxHeaders()) {
            throw new DittoRequest.InvalidRequest(431, "headers.toolarge", "the command has " + headers.size() + " headers, over the limit of "
                    + limits.maxHeaders() + " (command.max.headers)", null, null, null);
        }
        for (Map.Entry<?, ?> h : headers.entrySet()) {
            String name = h.getKey().toString();
            if (name.length() > limits.maxHeaderChars()) {
                throw new DittoRequest.InvalidRequest(431, "headers.toolarge", "a header name of " + name.length() + " chars is over the limit of "
                        + limits.maxHeaderChars() + " (command.max.header.chars)", null, null, null);
            }
            if (ControlCharacters.indexIn(name) >= 0) {
                throw new DittoRequest.InvalidRequest(400, "headers.invalid", "header name " + LogQuote.of(name) + " holds a control character ("
                        + ControlCharacters.describe(name) + ")", null, null, null);
            }
            if (h.getValue() instanceof String v) {
                if (v.length() > limits.maxHeaderChars()) {
                    throw new DittoRequest.InvalidRequest(431, "headers.toolarge", "header " + LogQuote.of(name) + " is " + v.length()
                            + " chars, over the limit of " + limits.maxHeaderChars() + " (command.max.header.chars)", null, null, null);
                }
                if (ControlCharacters.indexIn(v) >= 0) {
                    throw new DittoRequest.InvalidRequest(400, "headers.invalid", "header " + LogQuote.of(name) + " holds a control character ("
                            + ControlCharacters.describe(v) + ")", null, null, null);
                }
            }
        }
    }
}
