package org.mviot.edge.cloud.mqtt.internal.downlink;

import java.util.List;

import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.cloud.mqtt.internal.input.ControlCharacters;
import org.mviot.edge.cloud.mqtt.internal.input.InputLimits;
import org.mviot.edge.cloud.mqtt.internal.input.LogQuote;

/**
 * The bounds on what one command sets before anything reaches the core: how many properties, how
 * long a string value, and no control character in a feature, property path or string value (the
 * core logs each command with its value).
 */
final class Writes {

    private Writes() {
    }

    /**
     * @throws DittoRequest.InvalidRequest 413 over a limit, 400 for a control character
     */
    static void check(List<DittoRequest.Write> writes, InputLimits limits, ThingId thing, String correlation, String topic) {
        if (writes.size() > limits.maxWrites()) {
            throw new DittoRequest.InvalidRequest(413, "things:value.toolarge", "the command sets " + writes.size()
                    + " properties, over the limit of " + limits.maxWrites() + " (command.max.writes)", thing, correlation, topic);
        }
        for (DittoRequest.Write w : writes) {
            for (String name : List.of(w.feature(), w.path())) {
                if (ControlCharacters.indexIn(name) >= 0) {
                    throw new DittoRequest.InvalidRequest(400, "things:path.invalid", "feature or property " + LogQuote.of(name)
                            + " holds a control character (" + ControlCharacters.describe(name) + ")", thing, correlation, topic);
                }
            }
            if (w.value() instanceof String s) {
                String where = "feature " + LogQuote.of(w.feature()) + " property " + LogQuote.of(w.path());
                if (s.length() > limits.maxValueChars()) {
                    throw new DittoRequest.InvalidRequest(413, "things:value.toolarge", where + ": a string of " + s.length()
                            + " chars, over the limit of " + limits.maxValueChars() + " (command.max.value.chars)", thing, correlation, topic);
                }
                if (ControlCharacters.indexIn(s) >= 0) {
                    throw new DittoRequest.InvalidRequest(400, "things:value.invalid", where + ": the string holds a control character ("
                            + ControlCharacters.describe(s) + ")", thing, correlation, topic);
                }
            }
        }
    }
}
